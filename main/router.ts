/**
 * The one router behind every transport. For each call: the channel must exist, the caller's
 * session and role must allow it, the input must parse with the contract schema, then the
 * handler runs. Its value is checked against the output schema (so nothing beyond the
 * contract, such as a password hash, can leak). An exception is a bug: it is logged with its
 * stack and answered `internal`.
 */
import type { z } from 'zod';
import {
  fieldMessage,
  channels,
  defaultMessages,
  fail,
  isChannelName,
  mayCall,
  permissions,
  type ChannelName,
  type ChannelOutput,
  type FieldErrors,
  type ParsedInput,
  type Result,
} from '../preload/contract';
import type { Logger } from './log';
import type { SessionRecord, Sessions } from './sessions';

/** Who is calling: a transport client (one window, or one browser context) and its session. */
export interface CallContext {
  clientId: string;
  session: SessionRecord | null;
}

export type Handler<C extends ChannelName> = (ctx: CallContext, input: ParsedInput<C>) => Promise<Result<ChannelOutput<C>>>;
export type Handlers = { [C in ChannelName]: Handler<C> };

export interface Router {
  call(clientId: string, channel: string, input: unknown): Promise<Result<unknown>>;
}

export function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  // Own properties only: a field named `constructor`, `toString` or `__proto__` is reported like every other
  // (`??=` would see the inherited member and skip it; plain assignment of `__proto__` would set the prototype).
  const put = (path: string, message: string) => {
    if (!Object.hasOwn(fields, path))
      Object.defineProperty(fields, path, { value: message, enumerable: true, writable: true, configurable: true });
  };
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.');
    // An unknown field is reported at its own path, so the caller sees which one.
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) put(base ? `${base}.${key}` : key, fieldMessage('request.unknown_field'));
      continue;
    }
    put(base || '_', issue.message);
  }
  return fields;
}

/**
 * `refuseAll`: when it returns a failure, every call gets it before anything else is looked at
 * (the database was found damaged while running: main/app.ts).
 */
export function createRouter(handlers: Handlers, sessions: Sessions, log: Logger, refuseAll?: () => Result<never> | null): Router {
  async function dispatch<C extends ChannelName>(channel: C, clientId: string, raw: unknown): Promise<Result<unknown>> {
    const refused = refuseAll?.();
    if (refused) return refused;
    // Who may call comes first: a caller without the right gets no hint of the input's shape.
    const session = sessions.current(clientId);
    const permission = permissions[channel];
    if (permission.access !== 'public') {
      if (!session) return fail('unauthenticated', defaultMessages.unauthenticated);
      if (!mayCall(channel, session.role)) return fail('forbidden', defaultMessages.forbidden);
      if (session.state === 'locked' && !permission.whileLocked) return fail('session_locked', defaultMessages.session_locked);
      if (session.mustChangePassword && !permission.beforePasswordChange)
        return fail('password_change_required', defaultMessages.password_change_required);
    }

    const def = channels[channel];
    const parsed = def.input.safeParse(raw ?? {});
    if (!parsed.success) return fail('validation', defaultMessages.validation, fieldErrors(parsed.error));
    if (session?.state === 'active' && permission.access !== 'public') sessions.touch(clientId);

    const handler = handlers[channel] as Handler<C>;
    const result = await handler({ clientId, session }, parsed.data as ParsedInput<C>);
    if (!result.ok) return result;
    const checked = def.output.safeParse(result.value);
    if (!checked.success) {
      log.error('handler returned a value outside the contract', { channel, issues: fieldErrors(checked.error) });
      return fail('internal', defaultMessages.internal);
    }
    return { ok: true, value: checked.data };
  }

  return {
    async call(clientId, channel, input) {
      if (!isChannelName(channel)) return fail('unknown_channel', defaultMessages.unknown_channel);
      try {
        return await dispatch(channel, clientId, input);
      } catch (error) {
        log.error('unexpected exception in handler', { channel, error });
        return fail('internal', defaultMessages.internal);
      }
    },
  };
}
