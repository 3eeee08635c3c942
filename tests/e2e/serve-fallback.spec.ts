// `npm start` without Electron's binary or a display: the same UI is served on 127.0.0.1 with a token.
import { expect, test } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServeProcess } from './serve-process';

let server: ChildProcess;
let url = '';

test.beforeAll(async () => {
  const started = await startServeProcess(['bin/start.js', '--port', '0'], {
    ...process.env,
    DISPLAY: '',
    WAYLAND_DISPLAY: '',
    CROSSBAR_DB: join(mkdtempSync(join(tmpdir(), 'cb-')), 'x.db'),
  });
  server = started.process;
  url = started.url;
  expect(started.stderr).toMatch(/^no display .*: starting the same UI in serve mode instead\.$/m);
});

test.afterAll(() => {
  server?.kill('SIGTERM');
});

test('the served page renders the app with a token, and refuses without one', async ({ page, request }) => {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Crossbar Studio' })).toBeVisible();
  await expect(page.getByText('Browser (serve mode)')).toBeVisible();
  // The page chose the HTTP transport and reached the API with the cookie the token set: the empty store's
  // projects list arrived.
  await expect(page.getByRole('heading', { name: 'No project yet' })).toBeVisible();
  const bare = new URL(url);
  bare.search = '';
  const refused = await request.get(bare.toString(), { headers: { cookie: '' } });
  expect(refused.status()).toBe(401);
});
