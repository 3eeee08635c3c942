// `crossbar serve`: the UI in a browser on 127.0.0.1, for headless lab servers and machines without Electron.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rendererDir } from '../../app/paths';
import { startServer } from '../../serve/server';
import { defineCommand } from '../command';
import { UsageError } from '../usage';

export const serveCommand = defineCommand({
  summary: 'serve the UI on http://127.0.0.1 (with a per-start token)',
  usage: 'usage: crossbar serve [--port P] [--open] [--db FILE]',
  flags: { port: { type: 'string' }, open: { type: 'boolean' } },
  async execute(args, io) {
    const port = parsePort(args.values.port);
    const root = rendererDir();
    if (!existsSync(join(root, 'index.html'))) {
      throw new UsageError(`the UI is not built (${root} is missing): run "npm run build" first`);
    }
    const server = await startServer({ rendererDir: root, port });
    io.stderr.write(`Crossbar Studio is serving on ${server.url}\n`);
    if (args.values.open) openInBrowser(server.url);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
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
