// `npm start`: the Electron app where its binary is (or can be) installed; otherwise one line
// saying so, and the browser harness instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const electronDir = join(root, 'node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');
const passThrough = process.argv.slice(2);

if (spawnSync(process.execPath, ['build/scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);

// Electron ≥ 42 downloads its binary on first use; try once, quietly, with a time limit.
if (!existsSync(pathFile) && existsSync(join(electronDir, 'install.js')) && !process.env.OKNO_NO_ELECTRON) {
  spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'ignore', timeout: 180_000 });
}

const run = (cmd, args) => {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
};

if (existsSync(pathFile)) {
  const { default: electronPath } = await import('electron');
  run(electronPath, ['.', ...passThrough]);
} else {
  process.stdout.write(
    'Electron binary is not installed (node_modules/electron/path.txt is missing): starting the browser harness instead ' +
      '(open the address with ?key=… it prints; it serves only this OS user).\n',
  );
  run(process.execPath, ['out/main/web.js', ...passThrough]);
}
