// A sweep over a parameter that spans decades (the on/off ratio, 2 to 1000), as a user opens it in Results: the
// chart puts it on a log axis, says so, and ticks at the swept values. Runs picked from History on different image
// sets are drawn against one digital baseline each.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveDuringSpec } from './serve-process';

let sweepId = 0;
let pickedRunIds: string[] = [];

const served = serveDuringSpec(async () => {
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
  // Two designs, each on its own number of images: two image sets.
  pickedRunIds = [
    ['PRIME', '32'],
    ['ISAAC', '48'],
  ].map(([preset, limit]) => {
    const run = spawnSync(
      process.execPath,
      ['bin/crossbar.js', 'run', '--preset', preset, '--limit', limit, '--trials', '1', '--db', db, '--json'],
      { env, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as { runId: string }).runId;
  });
  return { args: ['bin/crossbar.js', 'serve', '--port', '0', '--db', db], env: env };
});

test('a decade-spanning parameter is drawn on a log axis', async ({ page }) => {
  await page.goto(served.url());
  await page.goto(`${new URL(served.url()).origin}/#/results?sweep=${sweepId}`);
  await expect(page.getByLabel('Parameter (x axis)')).toHaveValue('device.onOff');
  const chart = page.getByTestId('comparison-chart');
  await expect(chart).toHaveAttribute('aria-label', /against On\/off ratio \(log scale\),/);
  await expect(page.getByTestId('comparison-table').locator('tbody tr')).toHaveCount(8);
  await page.screenshot({ path: join(resolve('docs/screenshots'), 'results-log-axis.png') });
});

test('runs on different image sets each get their own digital baseline', async ({ page }) => {
  await page.goto(served.url());
  await page.goto(`${new URL(served.url()).origin}/#/results?runs=${pickedRunIds.join(',')}`);
  const note = page.getByTestId('image-sets');
  await expect(note).toContainText('measured on 2 different image sets');
  await expect(note.locator('li').nth(0)).toContainText(/Image set A\s+\(1 run\):\s+Fashion-MNIST/);
  await expect(note.locator('li').nth(0)).toContainText('32 images');
  await expect(note.locator('li').nth(1)).toContainText('48 images');
  const series = page.getByTestId('comparison-table').locator('tbody td.series');
  await expect(series).toHaveText([/image set A$/, /image set B$/]);
  await page.screenshot({ path: join(resolve('docs/screenshots'), 'results-image-sets.png') });
});
