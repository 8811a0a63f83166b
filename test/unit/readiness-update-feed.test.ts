/** The update server's readiness facts (main/readiness/checks-remote.ts) against a stand-in fetch: what is asked and how answers read. */
import { describe, expect, it } from 'vitest';
import { checkUpdateFeed, updateChannelFile } from '../../main/readiness/checks-remote';

const answering = (status: number, seen: string[]) =>
  (async (url: string | URL | Request) => {
    seen.push(String(url));
    return new Response('version: 1.0.0\n', { status });
  }) as typeof fetch;

describe('checkUpdateFeed', () => {
  it('asks for the platform’s channel file under the feed', async () => {
    const seen: string[] = [];
    expect(await checkUpdateFeed('https://updates.example.by/okno', { fetch: answering(200, seen) })).toEqual({
      kind: 'reachable',
      url: 'https://updates.example.by/okno/',
    });
    expect(seen).toEqual([`https://updates.example.by/okno/${updateChannelFile()}`]);
    expect([updateChannelFile('win32'), updateChannelFile('linux')]).toEqual(['latest.yml', 'latest-linux.yml']);
  });

  it('a missing file or no answer is unreachable, with why; no updateUrl is not configured', async () => {
    expect(await checkUpdateFeed('https://u.example.by/', { fetch: answering(404, []) })).toMatchObject({
      kind: 'unreachable',
      detail: expect.stringMatching(/HTTP 404/),
    });
    const refusing = (async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    }) as typeof fetch;
    expect(await checkUpdateFeed('https://u.example.by/', { fetch: refusing })).toMatchObject({
      kind: 'unreachable',
      detail: 'connect ECONNREFUSED',
    });
    expect(await checkUpdateFeed(undefined)).toEqual({ kind: 'not_configured' });
  });

  it('never shows credentials of the feed’s address, also when fetch names it in its error', async () => {
    const result = await checkUpdateFeed('https://user:secret@u.example.by/okno/', { fetch: answering(200, []) });
    expect(JSON.stringify(result)).not.toContain('secret');
    // Node's own fetch refuses such a URL with a message that repeats it.
    const real = await checkUpdateFeed('https://user:secret@u.example.by/okno/');
    expect(real.kind).toBe('unreachable');
    expect(JSON.stringify(real)).not.toContain('secret');
  });
});
