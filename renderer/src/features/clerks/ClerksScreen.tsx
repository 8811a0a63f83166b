/**
 * «Сотрудники»: the accounts of this office with the actions the role allows (unlock for
 * supervisors and admins; disable, role and password for admins) and, for admins, a create form.
 * The list is this screen's own state, fetched again after every change.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayCall, type AppError, type Clerk, type Result } from '../../../../preload/contract';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { useFetch } from '../../components/use-fetch';
import { useSession } from '../../stores/session';
import { ResetPasswordDialog, RoleDialog } from './ClerkDialogs';
import { clerkState, hhmm } from './clerk-state';
import { CreateClerkForm } from './CreateClerkForm';
import { RosterPanel } from './RosterPanel';

const STATUS_ID = 'clerks-status';
const listClerks = () => api['clerks.list']({});

/** What just happened, kept as a key so it follows a language switch. */
type Done = {
  key:
    'clerks.created' | 'clerks.unlocked' | 'clerks.disabledDone' | 'clerks.enabledDone' | 'clerks.roleChanged' | 'clerks.passwordResetDone';
  login: string;
};

type OpenDialog = { kind: 'role' | 'reset'; clerk: Clerk } | null;

/** Re-render now and then so «заблокирован до HH:MM» turns into «активен» when the time passes. */
function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function ClerksScreen() {
  const { t } = useTranslation();
  const me = useSession((s) => s.session);
  const role = me?.role ?? null;
  const now = useNow(15_000);
  const [version, setVersion] = useState(0);
  const list = useFetch(listClerks, version);
  const clerks = list.data?.clerks ?? null;
  const [error, setError] = useState<AppError | null>(null);
  const [status, setStatus] = useState<Done | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const reload = () => setVersion((v) => v + 1);

  const done = (key: Done['key'], login: string) => {
    setError(null);
    setStatus({ key, login });
    reload();
    // The button that was pressed may be gone (e.g. «Разблокировать»): keep focus somewhere sensible.
    window.requestAnimationFrame(() => {
      if (!document.activeElement || document.activeElement === document.body) document.getElementById(STATUS_ID)?.focus();
    });
  };

  const act = async (clerk: Clerk, run: () => Promise<Result<Clerk>>, key: Done['key']) => {
    setBusyId(clerk.id);
    setStatus(null);
    setError(null);
    const result = await run();
    setBusyId(null);
    if (result.ok) done(key, result.value.login);
    else setError(result.error);
  };

  const canUnlock = role !== null && mayCall('clerks.unlock', role);
  const canUpdate = role !== null && mayCall('clerks.update', role);
  const canReset = role !== null && mayCall('clerks.resetPassword', role);
  const canCreate = role !== null && mayCall('clerks.create', role);
  const canSeeRoster = role !== null && mayCall('clerks.roster', role);

  /** The buttons a row gets: what the role allows, what the account's state makes sensible. */
  const actionsFor = (clerk: Clerk) => {
    const state = clerkState(clerk, now);
    const self = clerk.id === me?.clerkId;
    const actions: Array<{ key: string; label: string; primary?: boolean; run: () => void }> = [];
    if (canUnlock && state.kind === 'locked') {
      actions.push({
        key: 'unlock',
        label: t('clerks.unlock'),
        primary: true,
        run: () => void act(clerk, () => api['clerks.unlock']({ id: clerk.id }), 'clerks.unlocked'),
      });
    }
    // Nobody disables, demotes or resets themselves here: that is what «Сменить пароль» is for.
    if (canUpdate && !self) {
      actions.push({
        key: 'toggle',
        label: clerk.disabled ? t('clerks.enable') : t('clerks.disable'),
        run: () =>
          void act(
            clerk,
            () => api['clerks.update']({ id: clerk.id, disabled: !clerk.disabled }),
            clerk.disabled ? 'clerks.enabledDone' : 'clerks.disabledDone',
          ),
      });
      actions.push({ key: 'role', label: t('clerks.changeRole'), run: () => setDialog({ kind: 'role', clerk }) });
    }
    if (canReset && !self) {
      actions.push({ key: 'reset', label: t('clerks.resetPassword'), run: () => setDialog({ kind: 'reset', clerk }) });
    }
    return actions;
  };

  const rows = (clerks ?? []).map((clerk) => ({ clerk, state: clerkState(clerk, now), actions: actionsFor(clerk) }));
  const withActions = rows.some((r) => r.actions.length > 0);

  return (
    <section className="screen" aria-labelledby="clerks-title">
      <div className="screen__head">
        <h1 id="clerks-title" tabIndex={-1}>
          {t('clerks.title')}
        </h1>
        <button type="button" className="button button--quiet" onClick={reload}>
          {t('common.refresh')}
        </button>
      </div>

      <div id={STATUS_ID} tabIndex={-1} role="status" className={status ? 'alert alert--ok' : 'visually-empty'}>
        {status && t(status.key, { login: status.login })}
      </div>
      <FormAlert error={error ?? list.error} />
      {canSeeRoster && <RosterPanel version={version} />}

      {clerks === null ? (
        !list.error && <p className="muted">{t('app.loading')}</p>
      ) : clerks.length === 0 ? (
        <p className="muted">{t('clerks.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('clerks.listCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('clerks.columns.login')}</th>
                <th scope="col">{t('clerks.columns.fullName')}</th>
                <th scope="col">{t('clerks.columns.role')}</th>
                <th scope="col">{t('clerks.columns.state')}</th>
                {withActions && <th scope="col">{t('clerks.columns.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map(({ clerk, state, actions }) => (
                <tr key={clerk.id}>
                  <th scope="row" className="mono nowrap">
                    {clerk.login} {clerk.id === me?.clerkId && <span className="muted">{t('clerks.you')}</span>}
                  </th>
                  <td>{clerk.fullName}</td>
                  <td className="nowrap">{t(`roles.${clerk.role}`)}</td>
                  <td className="nowrap">
                    <span className={`badge badge--${state.kind}`}>
                      {state.kind === 'locked'
                        ? t('clerks.state.lockedUntil', { time: hhmm(state.until) })
                        : t(`clerks.state.${state.kind}`)}
                    </span>
                  </td>
                  {withActions && (
                    <td>
                      <div className="row-actions">
                        {actions.map((a) => (
                          <button
                            key={a.key}
                            type="button"
                            className={a.primary ? 'button button--small button--primary' : 'button button--small'}
                            disabled={busyId === clerk.id}
                            onClick={a.run}
                          >
                            {a.label}
                            {/* Repeated on every row: the name says whose row it acts on. */}
                            <span className="visually-hidden"> {clerk.login}</span>
                          </button>
                        ))}
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {canCreate && <CreateClerkForm onCreated={(clerk) => done('clerks.created', clerk.login)} />}

      {dialog?.kind === 'role' && (
        <RoleDialog
          clerk={dialog.clerk}
          onClose={() => setDialog(null)}
          onDone={(clerk) => {
            setDialog(null);
            done('clerks.roleChanged', clerk.login);
          }}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ResetPasswordDialog
          clerk={dialog.clerk}
          onClose={() => setDialog(null)}
          onDone={(clerk) => {
            setDialog(null);
            done('clerks.passwordResetDone', clerk.login);
          }}
        />
      )}
    </section>
  );
}
