/**
 * The facts of the registry lines (reachable, token accepted, clock difference) and of the update
 * server. The registry is asked `GET /v1/health` (no token: reachability and its clock) and one
 * authenticated read without side effects, `GET /v1/audit-anchors?limit=1` (whether the token is
 * accepted). Nothing personal is sent.
 */
import { createCentralClient } from '../central/client';
import { Health } from '../central/schemas';
import { withoutUrlCredentials } from '../updates/controller';
import type { RegistryFacts, TokenFacts, UpdateFeedFacts } from './lines-remote';

export interface RegistryCheck {
  registry: RegistryFacts;
  token: TokenFacts;
  /** Registry time minus ours, null when it could not be asked. */
  clockOffsetMs: number | null;
}

export interface RemoteOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => Date;
}

/** Why a request failed, without credentials a URL in the message might carry. */
const describe = (error: unknown) => {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
  return withoutUrlCredentials(cause ?? (error instanceof Error ? error.message : String(error)));
};

/** A URL for the report: no credentials, no query. */
export const shownUrl = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url;
  }
};

/**
 * `token`: the workstation's token; 'sealed' when it is stored but cannot be read by this run.
 */
export async function checkRegistry(url: string, token: string | 'sealed' | null, options: RemoteOptions = {}): Promise<RegistryCheck> {
  if (url === '')
    return {
      registry: { kind: 'not_configured' },
      token: token === null ? { kind: 'missing' } : { kind: 'not_checked' },
      clockOffsetMs: null,
    };
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = url.endsWith('/') ? url : `${url}/`;
  const shown = shownUrl(base);

  let response: Response;
  let body: string;
  const sent = now().getTime();
  try {
    response = await doFetch(new URL('v1/health', base), {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    body = await response.text();
  } catch (error) {
    return {
      registry: { kind: 'unreachable', url: shown, detail: describe(error) },
      token: token === null ? { kind: 'missing' } : { kind: 'not_checked' },
      clockOffsetMs: null,
    };
  }
  const received = now().getTime();
  let health: Health | null = null;
  try {
    const parsed = Health.safeParse(JSON.parse(body));
    if (parsed.success) health = parsed.data;
  } catch {
    // Not JSON: reported below.
  }
  if (!response.ok || health === null)
    return {
      registry: { kind: 'bad_answer', url: shown, detail: response.ok ? 'ответ /v1/health не по договору' : `HTTP ${response.status}` },
      token: token === null ? { kind: 'missing' } : { kind: 'not_checked' },
      clockOffsetMs: null,
    };
  // The middle of the round trip is our best guess of when the registry read its clock.
  const ours = (sent + received) / 2;
  const theirs = Date.parse(health.time);
  const dateHeader = Date.parse(response.headers.get('date') ?? '');
  const clockOffsetMs = Number.isFinite(theirs)
    ? Math.round(theirs - ours)
    : Number.isFinite(dateHeader)
      ? Math.round(dateHeader - ours)
      : null;

  let tokenFacts: TokenFacts;
  if (token === null) tokenFacts = { kind: 'missing' };
  else if (token === 'sealed') tokenFacts = { kind: 'sealed' };
  else {
    // The app's own transport unless one was given: the check asks the way the sync worker will.
    const client = createCentralClient({
      baseUrl: base,
      token,
      timeoutMs,
      now,
      ...(options.fetch !== undefined && { fetch: options.fetch }),
    });
    const answer = await client.anchors(1);
    if (answer.ok) tokenFacts = { kind: 'accepted' };
    else if (answer.failure.kind === 'http' && (answer.failure.status === 401 || answer.failure.status === 403))
      tokenFacts = { kind: 'refused', status: answer.failure.status };
    else
      tokenFacts = {
        kind: 'error',
        detail: answer.failure.kind === 'network' ? answer.failure.detail : `HTTP ${answer.failure.status}`,
      };
  }
  return { registry: { kind: 'reachable', url: shown }, token: tokenFacts, clockOffsetMs };
}

/** electron-updater's generic provider reads this file from the feed (latest-linux.yml on Linux). */
export const updateChannelFile = (platform: NodeJS.Platform = process.platform) =>
  platform === 'linux' ? 'latest-linux.yml' : platform === 'darwin' ? 'latest-mac.yml' : 'latest.yml';

export async function checkUpdateFeed(url: string | undefined, options: RemoteOptions = {}): Promise<UpdateFeedFacts> {
  if (url === undefined || url === '') return { kind: 'not_configured' };
  const doFetch = options.fetch ?? fetch;
  const base = url.endsWith('/') ? url : `${url}/`;
  const shown = shownUrl(base);
  try {
    const response = await doFetch(new URL(updateChannelFile(), base), {
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      redirect: 'follow',
    });
    await response.body?.cancel();
    if (!response.ok) return { kind: 'unreachable', url: shown, detail: `${updateChannelFile()}: HTTP ${response.status}` };
    return { kind: 'reachable', url: shown };
  } catch (error) {
    return { kind: 'unreachable', url: shown, detail: describe(error) };
  }
}
