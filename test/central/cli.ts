/**
 * The reference central registry for manual runs and demos (npm run central):
 *
 *   tsx test/central/cli.ts [--port N] [--registry FILE] [--state FILE] [--token T[=OFFICE/WS]]... [--decision-delay-ms N]
 *                           [--faults SPEC] [--expose-sms] [--seed N]
 *
 * Prints `Central registry listening on http://127.0.0.1:PORT/` on stdout when ready (scripts wait
 * for that line); anything else goes to stderr. SIGINT/SIGTERM close it and exit 0. Bad arguments,
 * a bad registry or state file, or a port in use: a message on stderr and exit 2.
 */
import { parseArgs } from 'node:util';
import { parseFaultSpec, type FaultSpec } from './faults';
import { demoRegistryFile } from './registry';
import { startCentralServer, type CentralServerOptions } from './server';
import { parseTokenSpec, type TokenBinding } from './tokens';

/** The tokens for the start line: a bound one with its desk. */
const tokensLine = (tokens: readonly TokenBinding[]): string =>
  tokens.length === 0
    ? 'token dev-token'
    : `tokens ${tokens.map((t) => (t.caller === null ? t.token : `${t.token} (${t.caller.officeCode}/${t.caller.workstationId})`)).join(', ')}`;

const USAGE = `usage: central [--port N] [--registry FILE] [--state FILE] [--token T | --token T=OFFICE/WS ...] [--decision-delay-ms N]
               [--faults rate=0.3,kinds=500+503+429+drop-before+drop-after+garbage,latency=0-30[,health=true][,invent-reasons=0.5]]
               [--expose-sms] [--seed N]
--token may be given several times; T=OFFICE/WS binds a token to one desk (other offices refused, own decisions only),
a plain T accepts any office (the legacy single token)
defaults: port 0 (a free one), the demo registry, state in memory, token dev-token, decisions after 200 ms, no faults`;

function fail(message: string): never {
  process.stderr.write(`central: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) fail(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        registry: { type: 'string' },
        state: { type: 'string' },
        token: { type: 'string', multiple: true },
        'decision-delay-ms': { type: 'string' },
        faults: { type: 'string' },
        'expose-sms': { type: 'boolean' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const options: CentralServerOptions = { registry: values.registry ?? demoRegistryFile, exposeSms: values['expose-sms'] === true };
  const port = integer('port', values.port, 0, 65_535);
  if (port !== undefined) options.port = port;
  const delay = integer('decision-delay-ms', values['decision-delay-ms'], 0, 86_400_000);
  if (delay !== undefined) options.decisionDelayMs = delay;
  const seed = integer('seed', values.seed, 0, 2 ** 32 - 1);
  if (seed !== undefined) options.seed = seed;
  const tokens: TokenBinding[] = [];
  for (const spec of values.token ?? []) {
    const parsed = parseTokenSpec(spec);
    if (!parsed.ok) fail(parsed.error);
    if (tokens.some((t) => t.token === parsed.binding.token)) fail('the same token is given twice');
    tokens.push(parsed.binding);
  }
  if (tokens.length > 0) options.token = tokens;
  if (values.state !== undefined) options.stateFile = values.state;
  let faults: FaultSpec | undefined;
  if (values.faults !== undefined) {
    const parsed = parseFaultSpec(values.faults);
    if (!parsed.ok) fail(parsed.error);
    faults = parsed.spec;
    options.faults = faults;
  }

  let server;
  try {
    server = await startCentralServer(options);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }

  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`central: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  process.stderr.write(
    `central: ${server.state.people().length} people, ${tokensLine(tokens)}, decisions after ${options.decisionDelayMs ?? 200} ms` +
      `${faults !== undefined && faults.rate > 0 ? `, faults ${values.faults}` : ''}${options.exposeSms === true ? `, SMS codes at ${server.url}_test/sms` : ''}\n`,
  );
  process.stdout.write(`Central registry listening on ${server.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`central: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
