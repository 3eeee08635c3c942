// serve: loopback only, a per-start token on every request, static files confined to the renderer folder.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src-main/serve/server';

let server: RunningServer;
let root: string;
const token = 'test-token-0123456789abcdef';

/** A raw request, so that paths such as /../ reach the server unnormalized. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'cb-serve-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<h1>app</h1>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'outside the renderer');
  server = await startServer({ rendererDir: root, port: 0, token });
});

afterAll(() => server.close());

describe('serve', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${token}`);
  });

  it('serves the app with the token, sets a same-site cookie and a strict CSP', async () => {
    const response = await get(`/?token=${token}`);
    expect(response.status).toBe(200);
    expect(response.body).toBe('<h1>app</h1>');
    expect(response.headers['set-cookie']).toEqual([
      `crossbar_token=${token}; HttpOnly; SameSite=Strict; Path=/`,
    ]);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const asset = await get('/assets/app.js', { cookie: `crossbar_token=${token}` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    ['no token', '/', {}],
    ['a wrong token', '/?token=wrong-token-0123456789abcd', {}],
    ['a wrong cookie', '/', { cookie: 'crossbar_token=nope' }],
  ])('refuses a request with %s (401)', async (_what, path, headers) => {
    expect((await get(path, headers)).status).toBe(401);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00index.html'])(
    'refuses path traversal %s (404) and never returns the file outside',
    async (path) => {
      const response = await get(path, { cookie: `crossbar_token=${token}` });
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('outside the renderer');
    },
  );

  it('refuses unknown methods (405)', async () => {
    expect((await get('/', { cookie: `crossbar_token=${token}` }, 'DELETE')).status).toBe(405);
  });
});
