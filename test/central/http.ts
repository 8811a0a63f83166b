/**
 * The reference registry's HTTP plumbing below the handlers: replies and problem documents
 * (RFC 9457, as central-api.yaml has them), the route table's types, and the router that answers
 * 404/405/401/413/415 and bad JSON before a handler sees the request.
 */
import type { IncomingMessage } from 'node:http';
import type { FieldProblem, Problem } from '../../main/central/schemas';
import { tokenChecker, type Caller, type TokenBinding } from './tokens';

const PROBLEM_BASE = 'https://central.invalid/problems/';
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export type Reply = { status: number; headers: Record<string, string>; body: string };

/** `caller`: whom the token speaks for (null: the legacy token, or a route without auth). */
export type RouteContext = { params: string[]; url: URL; body: unknown; caller: Caller };
export type Handler = (ctx: RouteContext) => Reply;
export type Route = {
  pattern: RegExp;
  auth: boolean;
  enabled?: () => boolean;
  methods: Partial<Record<'GET' | 'POST' | 'PUT', Handler>>;
};

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(value),
});

export function problem(
  status: number,
  slug: string,
  title: string,
  extra: { detail?: string; errors?: FieldProblem[]; headers?: Record<string, string>; [key: string]: unknown } = {},
): Reply {
  const { headers, ...fields } = extra;
  const doc: Problem & Record<string, unknown> = { type: `${PROBLEM_BASE}${slug}`, title, status, ...fields };
  return { status, headers: { 'Content-Type': 'application/problem+json', ...headers }, body: JSON.stringify(doc) };
}

export const invalid = (detail: string, errors: FieldProblem[]): Reply =>
  problem(422, 'validation', 'Unprocessable Content', { detail, errors });

/** Matches a request to its route and handler; `raw` is null when the body was too large. */
export type Router = (req: IncomingMessage, url: URL, raw: Buffer | null) => Reply;

export function createRouter(routes: readonly Route[], tokens: readonly TokenBinding[]): Router {
  const check = tokenChecker(tokens);
  const authorized = (req: IncomingMessage): TokenBinding | undefined => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    return m?.[1] === undefined ? undefined : check(m[1]);
  };

  return (req, url, raw) => {
    let found: { route: Route; params: string[] } | undefined;
    for (const r of routes) {
      const m = r.enabled === undefined || r.enabled() ? r.pattern.exec(url.pathname) : null;
      if (m !== null) {
        found = { route: r, params: m.slice(1) };
        break;
      }
    }
    if (found === undefined) return problem(404, 'not-found', 'Not Found', { detail: `No resource at ${url.pathname}.` });
    const { params } = found;
    const method = req.method === 'GET' || req.method === 'POST' || req.method === 'PUT' ? req.method : null;
    const handler = method === null ? undefined : found.route.methods[method];
    if (handler === undefined) {
      const allow = Object.keys(found.route.methods).join(', ');
      return problem(405, 'method-not-allowed', 'Method Not Allowed', {
        detail: `${req.method ?? '?'} is not allowed here; use ${allow}.`,
        headers: { Allow: allow },
      });
    }
    const binding = found.route.auth ? authorized(req) : undefined;
    if (found.route.auth && binding === undefined) {
      return problem(401, 'unauthorized', 'Unauthorized', {
        detail: 'A valid workstation bearer token is required.',
        headers: { 'WWW-Authenticate': 'Bearer realm="central"' },
      });
    }
    if (raw === null) return problem(413, 'body-too-large', 'Content Too Large', { detail: `The body exceeds ${MAX_BODY_BYTES} bytes.` });
    let body: unknown = undefined;
    if (method === 'POST' || method === 'PUT') {
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json') {
        return problem(415, 'unsupported-media-type', 'Unsupported Media Type', { detail: 'Send the body as application/json.' });
      }
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (error) {
        return invalid(`The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, [
          { path: '', code: 'invalid_json', message: 'Not valid JSON' },
        ]);
      }
    }
    return handler({ params, url, body, caller: binding?.caller ?? null });
  };
}
