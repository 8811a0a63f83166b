/**
 * Packaged builds read only IT's machine config (issue 15): `--config` on the command line is
 * ignored there (and said so), honoured in development. Electron cannot run here, so the
 * decision main/electron/main.ts takes with `app.isPackaged` is tested as a table.
 */
import { describe, expect, it } from 'vitest';
import { chooseConfigFile, configArgument } from '../../main/config-location';

const machineFile = '/etc/okno/config.json';
const argv = (...rest: string[]) => ['/opt/Okno/okno', ...rest];

describe('chooseConfigFile', () => {
  const table: {
    name: string;
    args: string[];
    packaged: boolean;
    exists: boolean;
    file: string | null;
    ignored: string | null;
  }[] = [
    {
      name: 'packaged, --config FILE, machine file present',
      args: ['--config', '/tmp/evil.json'],
      packaged: true,
      exists: true,
      file: machineFile,
      ignored: '/tmp/evil.json',
    },
    {
      name: 'packaged, --config=FILE, machine file present',
      args: ['--config=/tmp/evil.json'],
      packaged: true,
      exists: true,
      file: machineFile,
      ignored: '/tmp/evil.json',
    },
    {
      name: 'packaged, --config FILE, no machine file',
      args: ['--config', '/tmp/evil.json'],
      packaged: true,
      exists: false,
      file: null,
      ignored: '/tmp/evil.json',
    },
    { name: 'packaged, no --config, machine file present', args: [], packaged: true, exists: true, file: machineFile, ignored: null },
    { name: 'packaged, no --config, no machine file', args: [], packaged: true, exists: false, file: null, ignored: null },
    {
      name: 'development, --config FILE',
      args: ['--config', '/tmp/dev.json'],
      packaged: false,
      exists: true,
      file: '/tmp/dev.json',
      ignored: null,
    },
    {
      name: 'development, --config=FILE',
      args: ['--config=/tmp/dev.json'],
      packaged: false,
      exists: false,
      file: '/tmp/dev.json',
      ignored: null,
    },
    { name: 'development, no --config', args: [], packaged: false, exists: true, file: machineFile, ignored: null },
    { name: 'development, --config without a value', args: ['--config'], packaged: false, exists: false, file: null, ignored: null },
  ];
  for (const row of table)
    it(row.name, () => {
      expect(chooseConfigFile({ argv: argv(...row.args), packaged: row.packaged, machineFile, machineFileExists: row.exists })).toEqual({
        file: row.file,
        ignored: row.ignored,
      });
    });
});

describe('configArgument', () => {
  it('takes the last of several and both spellings', () => {
    expect(configArgument(argv('--config', '/a', '--config=/b'))).toBe('/b');
    expect(configArgument(argv('--config=/a', '--config', '/b'))).toBe('/b');
    expect(configArgument(argv('--data-dir', '/x'))).toBeNull();
  });
});
