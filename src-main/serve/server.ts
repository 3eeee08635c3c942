// `serve`: the UI and the API over HTTP, and events over a WebSocket, on 127.0.0.1 only. Every request and socket
// must carry the random per-start token (in the URL once, then in an HttpOnly SameSite=Strict cookie), come from
// loopback with our own Host (no DNS rebinding) and, when a browser says where it comes from, our own Origin.
// There is no CORS: a page elsewhere can neither read a reply nor send JSON without a preflight we refuse.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { ApiErrorCode } from '../../src-shared/api/api';
import type { AppHost } from '../app/app-host';
import { readJsonBody, receiveUpload, RequestBodyError } from './request-body';
import { readStaticFile } from './static-files';

const TOKEN_COOKIE = 'crossbar_token';
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
/** API requests are small JSON; models arrive through /api/upload instead. */
export const MAX_JSON_BYTES = 1 << 20;
export const MAX_UPLOAD_BYTES = 4 * 2 ** 30;

export interface ServeOptions {
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  token?: string;
  /** The backend the API calls; without one only the static UI is served. */
  app?: AppHost;
}

export interface RunningServer {
  /** The URL to open, with the token. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const guard = (request: IncomingMessage) => refusal(request, token, port);
  const server = createServer((request, response) => {
    handle(request, response, options, token, guard).catch((error: unknown) => {
      if (error instanceof RequestBodyError) send(response, error.status, error.message);
      else send(response, 500, 'internal error');
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.on('upgrade', (request, socket, head) => {
    const refused =
      guard(request) ?? (pathOf(request) === '/api/events' ? null : ([404, 'not found'] as const));
    if (refused || !options.app) {
      const [status, message] = refused ?? [404, 'not found'];
      socket.end(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const app = options.app;
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const unsubscribe = app.subscribe((event) => ws.send(JSON.stringify(event)));
      ws.on('close', unsubscribe);
      ws.on('error', unsubscribe);
      // Events flow one way; a client has nothing to say on this socket.
      ws.on('message', () => ws.close(1003, 'this socket only sends events'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

type Guard = (request: IncomingMessage) => readonly [number, string] | null;

/** Why a request must be refused, as [status, message], or null when it may proceed. */
function refusal(request: IncomingMessage, token: string, port: number): readonly [number, string] | null {
  if (!isLoopback(request.socket.remoteAddress)) return [403, 'loopback only'];
  const ownHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!ownHosts.includes(request.headers.host ?? '')) return [403, 'unexpected Host header'];
  const origin = request.headers.origin;
  if (origin !== undefined && !ownHosts.some((host) => origin === `http://${host}`)) {
    return [403, 'cross-origin requests are refused'];
  }
  const fromQuery = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
  if (!tokenMatches(fromQuery ?? cookieToken(request), token)) return [401, 'missing or wrong token'];
  return null;
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: ServeOptions,
  token: string,
  guard: Guard,
) {
  const refused = guard(request);
  if (refused) return send(response, ...refused);
  const path = pathOf(request);
  if (path.startsWith('/api/')) return handleApi(request, response, options.app, path.slice('/api/'.length));
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'method not allowed');
  const file = await readStaticFile(options.rendererDir, path);
  if (!file) return send(response, 404, 'not found');
  const headers: Record<string, string> = {
    'Content-Type': file.contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
  if (new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.has('token')) {
    headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
  }
  response.writeHead(200, headers);
  response.end(request.method === 'HEAD' ? undefined : file.body);
}

/** POST /api/<method> with JSON params → ApiReply; POST /api/upload with the raw file → { uploadId }. */
async function handleApi(
  request: IncomingMessage,
  response: ServerResponse,
  app: AppHost | undefined,
  method: string,
) {
  if (!app) return send(response, 404, 'not found');
  if (request.method !== 'POST') return send(response, 405, 'method not allowed: the API takes POST');
  if (method === 'upload') {
    const uploadId = await receiveUpload(request, app.dataRoot, MAX_UPLOAD_BYTES);
    return sendJson(response, 200, { ok: true, result: { uploadId } });
  }
  if (!request.headers['content-type']?.startsWith('application/json')) {
    return send(response, 415, 'the API takes application/json');
  }
  const params = await readJsonBody(request, MAX_JSON_BYTES);
  const reply = await app.call(method, params);
  const status = reply.ok ? 200 : STATUS_OF[reply.error.code];
  return sendJson(response, status, reply);
}

// Keyed by every code, so that a new one fails to compile until it has a status.
const STATUS_OF: Record<ApiErrorCode, number> = {
  'invalid-request': 400,
  'unknown-method': 404,
  'invalid-config': 422,
  'unavailable-option': 422,
  'invalid-model': 422,
  'invalid-dataset': 422,
  // The server's own database, which no request chose.
  'invalid-database': 500,
  'not-found': 404,
  'invalid-state': 409,
  conflict: 409,
  store: 500,
  'worker-lost': 500,
  internal: 500,
};

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

function send(response: ServerResponse, status: number, message: string) {
  if (response.headersSent) return void response.destroy();
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
  });
  response.end(`${message}\n`);
}

function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
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
