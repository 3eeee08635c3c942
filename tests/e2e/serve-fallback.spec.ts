// `npm start` without Electron's binary or a display: the same UI is served on 127.0.0.1 with a token.
import { expect, test } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
  // The page chose the HTTP transport and reached the API with the cookie the token set: the new database's
  // projects list arrived, with the bundled demo open as a ready project.
  await expect(page.getByRole('combobox', { name: 'Project' }).locator('option:checked')).toHaveText(
    'Fashion-MNIST demo',
  );
  await expect(page.getByRole('row', { name: /Fashion-MNIST demo/ })).toBeVisible();
  await page.screenshot({ path: join(resolve('docs/screenshots'), 'first-screen.png') });
  const bare = new URL(url);
  bare.search = '';
  const refused = await request.get(bare.toString(), { headers: { cookie: '' } });
  expect(refused.status()).toBe(401);
});
