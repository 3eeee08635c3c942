// Where Crossbar Studio keeps its files: the per-user database and cache, and the bundled resources.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_FOLDER = 'crossbar-studio';

/** Per-user data folder (XDG on Linux, Application Support on macOS, %APPDATA% on Windows). */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER);
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER);
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), APP_FOLDER);
}

/** Per-user cache folder for preprocessed tensors: safe to delete at any time. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? userDataDir(env), APP_FOLDER, 'cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', APP_FOLDER);
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), APP_FOLDER);
}

/** The database a command uses: --db, else CROSSBAR_DB, else the per-user default. */
export function resolveDatabasePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? (env.CROSSBAR_DB || join(userDataDir(env), 'crossbar.db'));
}

/** The built renderer (electron-vite's output), served by `crossbar serve`. */
export function rendererDir(): string {
  return join(dirname(resourcesDir()), 'out', 'renderer');
}

/**
 * The repository's resources/ folder, found by walking up from this module (src-main/app/ under tsx and vitest;
 * a packaged app may nest it deeper).
 */
export function resourcesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'resources');
    if (existsSync(join(candidate, 'demo'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the bundled resources/ folder');
    dir = parent;
  }
}
