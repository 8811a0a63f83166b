/**
 * The preload bridge (issue 18): built from the channel and event names alone, so its bundle
 * carries neither zod nor the phone metadata, and still exactly the contract's channels and events.
 * The bundle is made the way build/scripts/build.mjs makes out/preload/index.cjs and run with a
 * stand-in for Electron's contextBridge and ipcRenderer.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { channelNames, channels, eventNames, events } from '../../preload/contract';
import { channelNameList, eventNameList } from '../../preload/contract/channel-names';
import { projectRoot } from '../harness';

async function bundlePreload() {
  const result = await build({
    absWorkingDir: projectRoot,
    entryPoints: ['preload/index.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['electron'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild wrote no preload bundle');
  return { code: file.text, bytes: file.contents.length, inputs: Object.keys(result.metafile.inputs) };
}

type Listener = (event: unknown, payload: unknown) => void;

/** Runs the bundle as Electron would, with a recording stand-in for the `electron` module. */
function runPreload(code: string) {
  const exposed = new Map<string, unknown>();
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Listener[]>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: {
      invoke: (channel: string, input: unknown) => {
        invoked.push([channel, input]);
        return Promise.resolve({ ok: true, value: channel });
      },
      on: (event: string, listener: Listener) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
      removeListener: (event: string, listener: Listener) =>
        listeners.set(
          event,
          (listeners.get(event) ?? []).filter((l) => l !== listener),
        ),
    },
  };
  const requireStub = (id: string) => {
    if (id === 'electron') return electron;
    throw new Error(`the preload required ${id}: a sandboxed preload can load nothing but electron`);
  };
  const module = { exports: {} };
  // The bundle under test, run like a CommonJS module.
  new Function('require', 'module', 'exports', code)(requireStub, module, module.exports);
  return { exposed, invoked, listeners };
}

describe('preload bridge', () => {
  it('names exactly the contract’s channels and events, in the tables’ order', () => {
    expect([...channelNameList]).toEqual(Object.keys(channels));
    expect([...channelNameList]).toEqual(channelNames);
    expect([...eventNameList]).toEqual(Object.keys(events));
    expect([...eventNameList]).toEqual(eventNames);
  });

  it('bundles only the names: no zod, no phone metadata, no schemas; at most 20 KB', async () => {
    const { bytes, inputs } = await bundlePreload();
    expect(inputs.filter((f) => f.includes('node_modules'))).toEqual([]);
    expect(inputs.sort()).toEqual(['preload/contract/api.ts', 'preload/contract/channel-names.ts', 'preload/index.ts']);
    expect(bytes).toBeLessThanOrEqual(20_000);
  });

  it('exposes one function per channel that invokes it, and `on` only for the contract’s events', async () => {
    const { exposed, invoked, listeners } = runPreload((await bundlePreload()).code);
    expect([...exposed.keys()]).toEqual(['okno']);
    const api = exposed.get('okno') as Record<string, (...args: unknown[]) => unknown>;
    expect(Object.keys(api).sort()).toEqual([...channelNames, 'on'].sort());

    await expect(api['auth.login']?.({ login: 'a', password: 'b' })).resolves.toEqual({ ok: true, value: 'auth.login' });
    await api['app.info']?.();
    expect(invoked).toEqual([
      ['auth.login', { login: 'a', password: 'b' }],
      ['app.info', {}],
    ]);

    const heard: unknown[] = [];
    const off = api.on?.('session.changed', (payload: unknown) => heard.push(payload)) as () => void;
    for (const listener of listeners.get('session.changed') ?? []) listener({}, { state: 'ended' });
    expect(heard).toEqual([{ state: 'ended' }]);
    off();
    expect(listeners.get('session.changed')).toEqual([]);

    const none = api.on?.('not.an.event', () => undefined) as () => void;
    expect(listeners.has('not.an.event')).toBe(false);
    expect(none()).toBeUndefined();
  });
});
