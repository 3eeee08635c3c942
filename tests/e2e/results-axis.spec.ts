// A sweep over a parameter that spans decades (the on/off ratio, 2 to 1000), as a user opens it in Results: the
// chart puts it on a log axis, says so, and ticks at the swept values.
import { expect, test } from '@playwright/test';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServeProcess } from './serve-process';

let server: ChildProcess;
let url = '';
let sweepId = 0;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const work = mkdtempSync(join(tmpdir(), 'cb-e2e-axis-'));
  const db = join(work, 'axis.db');
  const spec = {
    name: 'On/off ratio: differential vs offset',
    images: { count: 64, sample: 'first' },
    calibration: { count: 16, sample: 'random', seed: 2 },
    base: {
      dac: { bits: 8 },
      adc: { bits: 8, range: 'calibrated' },
      device: { programmingError: { model: 'state-proportional', alpha: 0.05 } },
    },
    axes: [
      { path: 'device.onOff', values: [2, 10, 100, 1000] },
      { path: 'mapping.scheme', values: ['differential', 'offset'] },
    ],
    trials: 2,
    seed: 1,
  };
  writeFileSync(join(work, 'spec.json'), JSON.stringify(spec));
  const env = { ...process.env, XDG_CACHE_HOME: join(work, 'cache') };
  const sweep = spawnSync(
    process.execPath,
    ['bin/crossbar.js', 'sweep', join(work, 'spec.json'), '--db', db, '--json'],
    { env, encoding: 'utf8' },
  );
  expect(sweep.status, sweep.stderr).toBe(0);
  sweepId = (JSON.parse(sweep.stdout) as { sweepId: number }).sweepId;
  const started = await startServeProcess(['bin/crossbar.js', 'serve', '--port', '0', '--db', db], env);
  server = started.process;
  url = started.url;
});

test.afterAll(() => {
  server?.kill('SIGTERM');
});

test('a decade-spanning parameter is drawn on a log axis', async ({ page }) => {
  await page.goto(url);
  await page.goto(`${new URL(url).origin}/#/results?sweep=${sweepId}`);
  await expect(page.getByLabel('Parameter (x axis)')).toHaveValue('device.onOff');
  const chart = page.getByTestId('comparison-chart');
  await expect(chart).toHaveAttribute('aria-label', /against On\/off ratio \(log scale\),/);
  await expect(page.getByTestId('comparison-table').locator('tbody tr')).toHaveCount(8);
  await page.screenshot({ path: join(resolve('docs/screenshots'), 'results-log-axis.png') });
});
