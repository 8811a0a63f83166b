/**
 * The shape of the API object the renderer uses, over either transport: one async
 * function per channel (named by the channel) plus `on(event, callback) → unsubscribe`.
 */
import type { ChannelInput, ChannelName, ChannelOutput } from './channels';
// The names only (not the table with its schemas): the preload bridge is built from this file.
import { channelNameList } from './channel-names';
import type { Result } from './errors';
import type { EventName, EventPayload } from './events';

export type Invoke = (channel: ChannelName, input: unknown) => Promise<Result<unknown>>;
export type Subscribe = (event: EventName, callback: (payload: unknown) => void) => () => void;

export type OknoApi = {
  [C in ChannelName]: (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;
} & {
  on<E extends EventName>(event: E, callback: (payload: EventPayload<E>) => void): () => void;
};

/** Builds the API object from the channel table and a transport's two primitives. */
export function buildApi(invoke: Invoke, subscribe: Subscribe): OknoApi {
  const api: Record<string, unknown> = {};
  for (const name of channelNameList) api[name] = (input: unknown) => invoke(name, input ?? {});
  api.on = (event: EventName, callback: (payload: unknown) => void) => subscribe(event, callback);
  return api as OknoApi;
}
