#!/usr/bin/env node
// `npm start`: builds the app, then opens the desktop window, or serves the same UI on 127.0.0.1 where
// Electron's binary or a display is missing.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronViteBin = join(
  dirname(require.resolve('electron-vite/package.json')),
  'bin',
  'electron-vite.js',
);

function runNode(args, options = {}) {
  return spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', ...options });
}

function electronBinaryInstalled() {
  if (process.env.ELECTRON_EXEC_PATH || process.env.ELECTRON_OVERRIDE_DIST_PATH) return true;
  const electronDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(electronDir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

/** Electron 42+ downloads its binary on first use; try that once, and fall back quietly when offline. */
function tryInstallElectron() {
  const installer = join(dirname(require.resolve('electron/package.json')), 'install.js');
  if (!existsSync(installer)) return false;
  const result = runNode([installer], { stdio: 'ignore', timeout: 300_000 });
  return result.status === 0 && electronBinaryInstalled();
}

const build = runNode([electronViteBin, 'build', '--logLevel', 'warn']);
if (build.status !== 0) process.exit(build.status ?? 1);

const hasDisplay =
  Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform !== 'linux';
let reason = '';
if (!hasDisplay) reason = 'no display ($DISPLAY and $WAYLAND_DISPLAY are unset)';
else if (!electronBinaryInstalled() && !tryInstallElectron()) reason = "Electron's binary is not installed";

if (!reason) {
  // The window's host runs on this Node, for which `npm install` built the store's addon (docs/decisions.md).
  const preview = spawn(process.execPath, [electronViteBin, 'preview', '--skipBuild'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CROSSBAR_NODE: process.execPath },
  });
  preview.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.error(`${reason}: starting the same UI in serve mode instead.`);
  const serve = spawn(
    process.execPath,
    [join(root, 'bin', 'crossbar.js'), 'serve', ...process.argv.slice(2)],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => serve.kill(signal));
  serve.on('exit', (code) => process.exit(code ?? 0));
}
