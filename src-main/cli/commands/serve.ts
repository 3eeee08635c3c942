// `crossbar serve`: the UI in a browser on 127.0.0.1, for headless lab servers and machines without Electron.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startAppHost } from '../../app/app-host';
import { createDemoProject } from '../../app/demo-project';
import { rendererDir, resolveDatabasePath } from '../../app/paths';
import { userTensorCache } from '../../app/user-tensor-cache';
import { startServer } from '../../serve/server';
import { poolFlags, POOL_FLAGS } from '../pool-flags';
import { defineCommand } from '../command';
import { UsageError } from '../usage';

export const serveCommand = defineCommand({
  summary: 'serve the UI on http://127.0.0.1 (with a per-start token)',
  usage: [
    'usage: crossbar serve [--port P] [--open] [--db FILE] [--resume-interrupted] [--no-demo] [--workers N]',
    '                      [--threads-per-worker N]',
    '',
    'Serves the UI and its API on 127.0.0.1 only; the URL it prints carries a per-start token that every request',
    'needs. Runs and sweeps left unfinished by a killed process are offered for resumption in the UI, or resumed',
    'at once with --resume-interrupted. Several `serve` processes may share one database. A new database opens',
    'on a project holding the bundled demo model and images; --no-demo starts it empty.',
  ].join('\n'),
  flags: {
    port: { type: 'string' },
    open: { type: 'boolean' },
    'resume-interrupted': { type: 'boolean' },
    'no-demo': { type: 'boolean' },
    ...POOL_FLAGS,
  },
  async execute(args, io) {
    const port = parsePort(args.values.port);
    const root = rendererDir();
    if (!existsSync(join(root, 'index.html'))) {
      throw new UsageError(`the UI is not built (${root} is missing): run "npm run build" first`);
    }
    const databaseFile = resolveDatabasePath(args.values.db);
    const newDatabase = !existsSync(databaseFile);
    const app = startAppHost({
      databaseFile,
      ...userTensorCache(),
      pool: poolFlags(args.values),
      autoResume: Boolean(args.values['resume-interrupted']),
    });
    const server = await (async () => {
      if (newDatabase && !args.values['no-demo']) await createDemoProject(app);
      return startServer({ rendererDir: root, port, app });
    })().catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
    io.stderr.write(`Crossbar Studio is serving on ${server.url}\n`);
    const interrupted = await app.call('jobs.interrupted', {});
    if (interrupted.ok && !args.values['resume-interrupted']) {
      const { runs, sweeps } = interrupted.result as { runs: unknown[]; sweeps: unknown[] };
      if (runs.length + sweeps.length > 0) {
        io.stderr.write(
          `${runs.length} run(s) and ${sweeps.length} sweep(s) were interrupted: resume them from the run queue, ` +
            'or restart with --resume-interrupted\n',
        );
      }
    }
    if (args.values.open) openInBrowser(server.url);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    await app.close();
    return 0;
  },
});

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer 0..65535, got "${text}"`);
  }
  return port;
}

function openInBrowser(url: string): void {
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(opener, [url], { stdio: 'ignore', detached: true })
    .on('error', () => process.stderr.write(`could not start a browser; open ${url} yourself\n`))
    .unref();
}
