// `serve`: the UI over HTTP on 127.0.0.1 only, guarded by a random per-start token.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readStaticFile } from './static-files';

const TOKEN_COOKIE = 'crossbar_token';
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

export interface ServeOptions {
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  token?: string;
}

export interface RunningServer {
  /** The URL to open, with the token. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const server = createServer((request, response) => {
    handle(request, response, options.rendererDir, token).catch(() => send(response, 500, 'internal error'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, root: string, token: string) {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (!isLoopback(request.socket.remoteAddress)) return send(response, 403, 'loopback only');
  const fromQuery = url.searchParams.get('token');
  if (!tokenMatches(fromQuery ?? cookieToken(request), token))
    return send(response, 401, 'missing or wrong token');
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'method not allowed');
  const file = await readStaticFile(root, url.pathname);
  if (!file) return send(response, 404, 'not found');
  const headers: Record<string, string> = {
    'Content-Type': file.contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
  if (fromQuery) headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
  response.writeHead(200, headers);
  response.end(request.method === 'HEAD' ? undefined : file.body);
}

function send(response: ServerResponse, status: number, message: string) {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(`${message}\n`);
}

function cookieToken(request: IncomingMessage): string | null {
  const cookies = request.headers.cookie?.split(';').map((part) => part.trim()) ?? [];
  const entry = cookies.find((cookie) => cookie.startsWith(`${TOKEN_COOKIE}=`));
  return entry ? entry.slice(TOKEN_COOKIE.length + 1) : null;
}

function tokenMatches(given: string | null, token: string): boolean {
  if (!given || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
