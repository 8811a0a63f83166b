/**
 * The Content-Security-Policy every page gets (HTTP transport and the Electron `app://` protocol),
 * and the one in renderer/index.html: a change that weakens either fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP } from '../../main/http/server';
import { projectRoot } from '../harness';

type Policy = Map<string, string[]>;

function parse(policy: string): Policy {
  const directives: Policy = new Map();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (!name) continue;
    // A repeated directive is ignored by browsers; a test reading the second one would be fooled.
    expect(directives.has(name.toLowerCase()), `directive ${name} twice`).toBe(false);
    directives.set(name.toLowerCase(), values);
  }
  return directives;
}

const UNSAFE = ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "'strict-dynamic'"];
/** Sources that would let a script come from somewhere other than our own files. */
const FOREIGN = /^(\*|https?:|wss?:|data:|blob:|filesystem:|file:|[a-z0-9.-]+\.[a-z]{2,})/i;

const indexHtml = readFileSync(join(projectRoot, 'renderer', 'index.html'), 'utf8');
const metaPolicy = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(indexHtml)?.[1] ?? '';

describe('the served Content-Security-Policy', () => {
  const csp = parse(CSP);
  const sources = (name: string) => csp.get(name) ?? csp.get('default-src') ?? [];

  it('loads scripts only from our own files: no inline code, no eval', () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    for (const value of sources('script-src')) {
      expect(UNSAFE).not.toContain(value.toLowerCase());
      expect(value).not.toMatch(FOREIGN);
    }
  });

  it.each([
    ['default-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['worker-src', ["'none'"]],
    ['form-action', ["'none'"]],
    ['connect-src', ["'self'"]],
    ['style-src', ["'self'"]],
  ])('%s is %j', (name, expected) => expect(csp.get(name)).toEqual(expected));

  it('names no remote origin and nothing unsafe in any directive', () => {
    for (const [name, values] of csp) {
      for (const value of values) {
        expect(UNSAFE, `${name} ${value}`).not.toContain(value.toLowerCase());
        // Images may be data: URLs (inline SVG and the like); nothing else may come from outside our files.
        if (!(name === 'img-src' && value === 'data:')) expect(value, `${name} ${value}`).not.toMatch(FOREIGN);
      }
    }
  });
});

describe('renderer/index.html', () => {
  it('has no inline script: every <script> has a src', () => {
    const scripts = [...indexHtml.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body?.trim()).toBe('');
    }
    expect(indexHtml).not.toMatch(/\son[a-z]+\s*=/i);
    expect(indexHtml).not.toMatch(/javascript:/i);
  });

  it('carries its own policy, no weaker than the served one for scripts', () => {
    const meta = parse(metaPolicy);
    expect(meta.get('script-src')).toEqual(["'self'"]);
    expect(meta.get('object-src')).toEqual(["'none'"]);
    expect(meta.get('base-uri')).toEqual(["'none'"]);
    for (const values of meta.values()) for (const value of values) expect(UNSAFE).not.toContain(value.toLowerCase());
  });
});
