// A run with wire resistance, as a user opens it in Heatmaps: every array coloured by its worst IR drop, the
// legend's ends the stored extremes, and a run with ideal wires saying it has none.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore } from '../../src-main/store';
import { serveDuringSpec } from './serve-process';

let db = '';
const runs: Record<'wired' | 'ideal', string> = { wired: '', ideal: '' };

/** `crossbar run` on 64 demo images with the given hardware config; returns the stored run's id. */
function crossbarRun(config: object, env: NodeJS.ProcessEnv): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cb-e2e-config-')), 'hw.json');
  writeFileSync(file, JSON.stringify(config));
  const args = [
    'bin/crossbar.js',
    'run',
    '--db',
    db,
    '--config',
    file,
    '--limit',
    '64',
    '--stats-images',
    '8',
  ];
  const result = spawnSync(process.execPath, [...args, '--json'], { env, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { runId: string }).runId;
}

const served = serveDuringSpec(async () => {
  test.setTimeout(120_000);
  db = join(mkdtempSync(join(tmpdir(), 'cb-e2e-wires-')), 'wires.db');
  const env = { ...process.env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'cb-e2e-cache-')) };
  runs.wired = crossbarRun({ array: { parasitics: { rp: 1e-4 } } }, env);
  runs.ideal = crossbarRun({}, env);
  return { args: ['bin/crossbar.js', 'serve', '--port', '0', '--db', db], env: env };
});

test('arrays coloured by their worst IR drop, from the stored statistics', async ({ page }) => {
  await page.goto(served.url());
  const stored = (() => {
    const store = openStore(db, { readonly: true });
    try {
      return store.stats.arrays(runs.wired, 0).map((array) => array.irDrop!);
    } finally {
      store.close();
    }
  })();
  expect(stored.every((drop) => drop > 0 && drop < 1)).toBe(true);
  const percent = (value: number) => `${Number((value * 100).toPrecision(4))} %`;

  await page.goto(`${new URL(served.url()).origin}/#/heatmaps?run=${runs.wired}`);
  await expect(page.getByTestId('array-cell')).toHaveCount(stored.length);
  await page.getByLabel('Metric').selectOption({ label: 'Worst IR drop' });
  const legend = page.getByRole('group', { name: /^Worst IR drop \(% of the read voltage\): from/ });
  await expect(legend).toHaveAttribute(
    'aria-label',
    `Worst IR drop (% of the read voltage): from ${percent(Math.min(...stored))} to ${percent(Math.max(...stored))}`,
  );
  await expect(page.getByTestId('layer-chart')).toBeVisible();
  await page.screenshot({ path: join(resolve('docs/screenshots'), 'heatmaps-ir-drop.png') });

  // Ideal wires: no IR drop to show.
  await page.goto(`${new URL(served.url()).origin}/#/heatmaps?run=${runs.ideal}`);
  await expect(page.getByTestId('array-cell')).toHaveCount(stored.length);
  await page.getByLabel('Metric').selectOption({ label: 'Worst IR drop' });
  await expect(
    page.getByRole('group', { name: 'Worst IR drop (% of the read voltage): from — to —' }),
  ).toBeVisible();
});
