/** Events pushed from main to the renderer (ipc `send`, or server-sent events over HTTP). */
import { z } from 'zod';
import type { BridgeEventName, Holds, SameUnion } from './channel-names';
import { backupStatusSchema } from './backup';
import { devicesStatusSchema, labelChangedSchema, scanEventSchema } from './devices';
import { settingKeys, type SettingKey } from './schemas';
import { decidedEventSchema, syncStatusSchema } from './sync';
import { updateStatusSchema } from './readiness';

export const events = {
  'session.changed': z.object({ state: z.enum(['active', 'locked', 'ended']), reason: z.string().optional() }),
  'settings.changed': z.object({ keys: z.array(z.enum(settingKeys as [SettingKey, ...SettingKey[]])) }),
  'devices.status': devicesStatusSchema,
  /** A document was read (or failed to read); the open form takes it with `devices.takeScan`. */
  'devices.scan': scanEventSchema,
  'labels.changed': labelChangedSchema,
  'sync.status': syncStatusSchema,
  /** The registry decided (or rejected) an application; its clerk's notifications changed. */
  'applications.decided': decidedEventSchema,
  /** Backups to IT's folder: sent to administrators' clients only. */
  'backup.status': backupStatusSchema,
  /** The updater's state changed (Electron only: the harness has no updater). */
  'updates.changed': updateStatusSchema,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];
/** The bridge's list (channel-names.ts) names exactly these events, or the typecheck fails. */
export type BridgeEventsMatch = Holds<SameUnion<BridgeEventName, EventName>>;
export const isEventName = (name: string): name is EventName => Object.hasOwn(events, name);
