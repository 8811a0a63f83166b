/**
 * The bridge: one object, `window.okno`, built from the channel table. The page never gets
 * `ipcRenderer` or `process`; it can only call the contract's channels and listen to its events.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi, isEventName } from './contract';

const api = buildApi(
  (channel, input) => ipcRenderer.invoke(channel, input),
  (event, callback) => {
    if (!isEventName(event)) return () => undefined;
    const listener = (_e: IpcRendererEvent, payload: unknown) => callback(payload);
    ipcRenderer.on(event, listener);
    return () => ipcRenderer.removeListener(event, listener);
  },
);

contextBridge.exposeInMainWorld('okno', api);
