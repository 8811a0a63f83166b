/**
 * The bridge: one object, `window.okno`, built from the channel names. The page never gets
 * `ipcRenderer` or `process`; it can only call the contract's channels and listen to its events.
 * Only the names are imported (contract/channel-names.ts, contract/api.ts): the schemas, zod and
 * the phone metadata stay out of the preload; main validates every call against the contract.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi } from './contract/api';
import { isBridgeEventName } from './contract/channel-names';

const api = buildApi(
  (channel, input) => ipcRenderer.invoke(channel, input),
  (event, callback) => {
    if (!isBridgeEventName(event)) return () => undefined;
    const listener = (_e: IpcRendererEvent, payload: unknown) => callback(payload);
    ipcRenderer.on(event, listener);
    return () => ipcRenderer.removeListener(event, listener);
  },
);

contextBridge.exposeInMainWorld('okno', api);
