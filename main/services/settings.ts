/**
 * Workstation settings: built-in defaults, overridden by what an admin saved, overridden by
 * the IT config file (whose keys are read-only here).
 */
import type { Knex } from 'knex';
import {
  defaultMessages,
  defaultPrinterSettings,
  DRAFT_DAYS_DEFAULT,
  defaultReaderSettings,
  fail,
  ok,
  RETENTION_DAYS_DEFAULT,
  schemas,
  type Result,
} from '../../preload/contract';
import type { ParsedInput, SupervisorConfirmation } from '../../preload/contract';
import { countPending, hasApplications, numberedAs, readSettings, writeSetting } from '../../db';
import type { ProvisioningConfig } from '../config';
import type { Logger } from '../log';
import { audit, type Deps } from './deps';
import type { TokenStore } from '../sync/token';
import { confirmBySupervisor, confirmationRequired, type Confirmer } from './supervisor-confirmation';

type Settings = schemas.Settings;
type SettingKey = schemas.SettingKey;

export const defaultSettings: Settings = {
  // Unset until IT's file, the first-run screen or an admin says: never a default two desks could share.
  officeCode: '',
  officeName: 'Служба «одно окно»',
  workstationId: '',
  idleLockMinutes: 10,
  language: 'ru',
  reader: defaultReaderSettings,
  printer: defaultPrinterSettings,
  registryUrl: '',
  allowDeferredPhone: true,
  retentionDays: RETENTION_DAYS_DEFAULT,
  draftDays: DRAFT_DAYS_DEFAULT,
};

export interface SettingsStore {
  values(): Settings;
  readonly(): SettingKey[];
  reload(db: Knex | Knex.Transaction): Promise<void>;
  /** Called after a reload with the keys whose values changed (devices restart on theirs). */
  onChange(listener: (keys: SettingKey[]) => void): () => void;
}

export async function createSettingsStore(db: Knex, provisioning: ProvisioningConfig, log: Logger): Promise<SettingsStore> {
  // The token is not a setting: it is a secret with its own store (main/sync/token.ts); the update
  // server is the Electron layer's alone; backups are main/backup's.
  const { registryToken: _token, updateUrl: _updateUrl, backup: _backup, ...config } = provisioning;
  let current = defaultSettings;
  const listeners = new Set<(keys: SettingKey[]) => void>();
  const readonlyKeys = schemas.settingKeys.filter((k) => config[k] !== undefined);
  const store: SettingsStore = {
    values: () => current,
    readonly: () => readonlyKeys,
    async reload(conn) {
      const stored = await readSettings(conn);
      const merged: Record<string, unknown> = { ...defaultSettings };
      for (const key of schemas.settingKeys) {
        const one = schemas.settingsSchema.shape[key].safeParse(stored[key]);
        if (stored[key] !== undefined && !one.success) log.warn('stored setting ignored: invalid', { setting: key });
        else if (one.success) merged[key] = one.data;
      }
      const next = schemas.settingsSchema.parse({ ...merged, ...config });
      const changed = schemas.settingKeys.filter((k) => JSON.stringify(next[k]) !== JSON.stringify(current[k]));
      current = next;
      if (changed.length > 0) for (const l of [...listeners]) l(changed);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  await store.reload(db);
  return store;
}

export const view = (store: SettingsStore, token: TokenStore) => ({
  values: store.values(),
  readonly: store.readonly(),
  registryToken: token.source(),
});

/**
 * The registry's address and token decide where the queued applications (full personal data) go
 * and with what credential: while any wait, changing either needs a supervisor's confirmation.
 * Checked again inside the write's transaction, so an application queued meanwhile counts.
 */
async function guardQueue(
  deps: Deps,
  actor: { clerkId: string },
  supervisor: SupervisorConfirmation | undefined,
  what: 'registryUrl' | 'registryToken',
): Promise<Result<Confirmer | null>> {
  const queued = await countPending(deps.db);
  if (queued === 0) return ok(null);
  if (!supervisor) return confirmationRequired(queued);
  return confirmBySupervisor(deps, actor, supervisor, what);
}

class QueueChanged extends Error {
  constructor(readonly queued: number) {
    super('queue_changed');
  }
}

/** The desk's numbers carry its workstation number: once it has numbered an application, the number stays. */
class WorkstationLocked extends Error {
  constructor() {
    super('workstation_locked');
  }
}

export async function updateSettings(
  deps: Deps,
  actor: { clerkId: string; login: string },
  input: ParsedInput<'settings.update'>,
): Promise<Result<ReturnType<typeof view>>> {
  const { supervisor, ...values } = input;
  const keys = Object.keys(values) as SettingKey[];
  const blocked = keys.filter((k) => deps.settings.readonly().includes(k));
  if (blocked.length > 0) {
    const fields = Object.fromEntries(blocked.map((k) => [k, defaultMessages.config_readonly]));
    return fail('config_readonly', defaultMessages.config_readonly, fields);
  }
  const from = deps.settings.values().registryUrl;
  const moves = values.registryUrl !== undefined && values.registryUrl !== from;
  const confirmed = moves ? await guardQueue(deps, actor, supervisor, 'registryUrl') : ok(null);
  if (!confirmed.ok) return confirmed;
  const at = deps.clock.now().toISOString();
  const currentWs = deps.settings.values().workstationId;
  const ws = values.workstationId;
  try {
    await deps.db.transaction(async (trx) => {
      // In the write's transaction: an application numbered meanwhile counts. Refused: another number
      // than the one the desk's numbers carry, or than the one set while it has applications.
      if (ws !== undefined && ws !== currentWs) {
        const used = await numberedAs(trx);
        if ((used !== null && used !== ws) || (currentWs !== '' && (await hasApplications(trx)))) throw new WorkstationLocked();
      }
      const queued = moves ? await countPending(trx) : 0;
      if (queued > 0 && confirmed.value === null) throw new QueueChanged(queued);
      for (const key of keys) await writeSetting(trx, key, values[key], actor.clerkId, at);
      await audit(trx, deps, actor, 'settings.updated', null, {
        keys,
        // Where the queue goes is worth the record: the old and new address, and who confirmed it.
        ...(moves && { registryUrl: { from, to: values.registryUrl }, queued }),
        ...(confirmed.value && { confirmedBy: confirmed.value }),
      });
    });
  } catch (error) {
    if (error instanceof QueueChanged) return confirmationRequired(error.queued);
    if (error instanceof WorkstationLocked) {
      return fail('workstation_locked', defaultMessages.workstation_locked, { workstationId: defaultMessages.workstation_locked });
    }
    throw error;
  }
  await deps.settings.reload(deps.db);
  deps.sessions.setIdleMinutes(deps.settings.values().idleLockMinutes);
  deps.bus.emit(null, 'settings.changed', { keys });
  return ok(view(deps.settings, deps.token));
}

/** An admin sets the workstation token (unless IT provisioned it); audited without the token. */
export async function setRegistryToken(
  deps: Deps,
  actor: { clerkId: string; login: string },
  input: ParsedInput<'registry.setToken'>,
): Promise<Result<ReturnType<typeof view>>> {
  if (deps.token.source() === 'config')
    return fail('config_readonly', defaultMessages.config_readonly, { token: defaultMessages.config_readonly });
  // A first token (none set) sends nothing anywhere new: only replacing one needs the guard.
  const replaces = deps.token.source() === 'set';
  const confirmed = replaces ? await guardQueue(deps, actor, input.supervisor, 'registryToken') : ok(null);
  if (!confirmed.ok) return confirmed;
  try {
    await deps.db.transaction(async (trx) => {
      const queued = replaces ? await countPending(trx) : 0;
      if (queued > 0 && confirmed.value === null) throw new QueueChanged(queued);
      await deps.token.set(trx, input.token);
      await audit(trx, deps, actor, 'registry.token_set', null, {
        ...(replaces && { queued }),
        ...(confirmed.value && { confirmedBy: confirmed.value }),
      });
    });
  } catch (error) {
    if (error instanceof QueueChanged) return confirmationRequired(error.queued);
    throw error;
  }
  deps.sync.kick();
  return ok(view(deps.settings, deps.token));
}
