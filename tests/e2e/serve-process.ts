// Starts `crossbar serve` (or `npm start`'s fallback to it) as a child process the way the desktop window starts
// its host, and waits for the URL it prints.
import { test } from '@playwright/test';
import { startAppHostProcess, type AppHostProcess } from '../../src-main/electron/app-host-process';

export function startServeProcess(args: string[], env: NodeJS.ProcessEnv): Promise<AppHostProcess> {
  return startAppHostProcess({ node: process.execPath, args, env });
}

/**
 * `crossbar serve` for the tests of one spec file: started before them (after `prepare`, which may write the
 * database it serves and returns the arguments and environment), stopped after them; `url()` is where it listens.
 */
export function serveDuringSpec(prepare: () => Promise<{ args: string[]; env: NodeJS.ProcessEnv }>): {
  url: () => string;
} {
  let host: AppHostProcess | undefined;
  test.beforeAll(async () => {
    const { args, env } = await prepare();
    host = await startServeProcess(args, env);
  });
  test.afterAll(() => {
    host?.process.kill('SIGTERM');
  });
  return { url: () => host!.url };
}
