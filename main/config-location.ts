/**
 * Which provisioning config the Electron app reads. In a packaged build only IT's machine
 * location counts (%ProgramData%\Okno\config.json, /etc/okno/config.json): anyone who can start
 * the app could otherwise point `registryUrl` (and the queued personal data) or `updateUrl`
 * elsewhere with `--config`. `--config` is for development builds; the browser harness has its own
 * argument parser (main/args.ts). Pure, so the decision is tested without Electron.
 */

export interface ConfigLocationInput {
  argv: readonly string[];
  /** Electron's `app.isPackaged`. */
  packaged: boolean;
  machineFile: string;
  machineFileExists: boolean;
}

export interface ConfigLocation {
  /** The file to read, or null: no provisioning config. */
  file: string | null;
  /** Set when a `--config` on the command line was ignored: for the log. */
  ignored: string | null;
}

/** `--config FILE` or `--config=FILE`; the last one wins, as with other switches. */
export function configArgument(argv: readonly string[]): string | null {
  let found: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--config') {
      const next = argv[i + 1];
      if (next !== undefined && next !== '') found = next;
      i++;
    } else if (arg.startsWith('--config=') && arg.length > '--config='.length) found = arg.slice('--config='.length);
  }
  return found;
}

export function chooseConfigFile(input: ConfigLocationInput): ConfigLocation {
  const given = configArgument(input.argv);
  const machine = input.machineFileExists ? input.machineFile : null;
  if (given === null) return { file: machine, ignored: null };
  if (input.packaged) return { file: machine, ignored: given };
  return { file: given, ignored: null };
}
