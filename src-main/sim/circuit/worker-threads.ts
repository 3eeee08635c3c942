// Starts a worker thread from its TypeScript source through tsx: the app host, the CLI and the tests all run from
// source on Node (the desktop window's host is `crossbar serve`), so there is no bundled worker to find.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The worker named `name`: `name.ts` beside the caller's source; null if there is none. */
export function startWorker(callerUrl: string, name: string, options: WorkerOptions): Worker | null {
  const entry = new URL(`./${name}.ts`, callerUrl);
  if (!existsSync(fileURLToPath(entry))) return null;
  // Node 20 does not apply the parent's --import loaders to a worker's entry, so register tsx inside it first.
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
