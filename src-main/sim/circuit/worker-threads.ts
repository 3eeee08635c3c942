// Starts a worker thread from its TypeScript source (through tsx, under the CLI and the tests) or from the built
// bundle, where every worker is an entry of its own beside the main bundle.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The worker named `name`: `name.ts` beside the caller's source, or the bundle's entry `name.js`, beside the
 * caller or one folder up (shared code lands in the bundle's chunks/ folder); null if there is none.
 */
export function startWorker(callerUrl: string, name: string, options: WorkerOptions): Worker | null {
  const fromSource = callerUrl.endsWith('.ts');
  const candidates = fromSource ? [`./${name}.ts`] : [`./${name}.js`, `../${name}.js`];
  const entry = candidates
    .map((path) => new URL(path, callerUrl))
    .find((url) => existsSync(fileURLToPath(url)));
  if (!entry) return null;
  if (!fromSource) return new Worker(entry, options);
  // Node 20 does not apply the parent's --import loaders to a worker's entry, so register tsx inside it first.
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
