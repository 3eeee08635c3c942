// A torchvision MobileNetV2 (depthwise convolutions, ReLU6 as Clip) from the conformance zoo, run with 1 %
// programming error and opened in Heatmaps: every stored array is drawn, grouped layers included.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { openStore } from '../../src-main/store';
import { exportedModels } from '../integration/zoo/exported-models';
import { serveDuringSpec } from './serve-process';

let db = '';
let runId = '';

/** Two classes of random RGB JPEGs a little larger than the model's 64×64 input. */
async function imageFolders(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'cb-e2e-zoo-data-'));
  for (const label of ['0', '1']) {
    mkdirSync(join(root, label));
    for (let i = 0; i < 4; i++) {
      const pixels = Buffer.from(Array.from({ length: 72 * 72 * 3 }, (_, k) => (k * (i + 3) * 37) % 256));
      const jpeg = await sharp(pixels, { raw: { width: 72, height: 72, channels: 3 } })
        .jpeg()
        .toBuffer();
      writeFileSync(join(root, label, `${i}.jpg`), jpeg);
    }
  }
  return root;
}

const served = serveDuringSpec(async () => {
  test.setTimeout(300_000);
  const zoo = exportedModels('export_zoo.py', ['--size', 'thin']);
  const work = mkdtempSync(join(tmpdir(), 'cb-e2e-zoo-'));
  db = join(work, 'zoo.db');
  writeFileSync(
    join(work, 'hw.json'),
    JSON.stringify({ device: { programmingError: { model: 'state-independent', alpha: 0.01 } } }),
  );
  writeFileSync(join(work, 'pre.json'), JSON.stringify({ resize: 64, crop: 64, channels: 3 }));
  const env = { ...process.env, XDG_CACHE_HOME: join(work, 'cache') };
  const args = ['bin/crossbar.js', 'run', '--db', db, '--model', join(zoo, 'mobilenet_v2-op17.onnx')];
  const options = ['--data', await imageFolders(), '--preprocess', join(work, 'pre.json')];
  const design = [
    '--config',
    join(work, 'hw.json'),
    '--limit',
    '4',
    '--calibration',
    '4',
    '--stats-images',
    '2',
  ];
  const result = spawnSync(process.execPath, [...args, ...options, ...design, '--json'], {
    env,
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  runId = (JSON.parse(result.stdout) as { runId: string }).runId;
  return { args: ['bin/crossbar.js', 'serve', '--port', '0', '--db', db], env: env };
});

test('a MobileNetV2 run with programming error shows every stored array', async ({ page }) => {
  const stored = (() => {
    const store = openStore(db, { readonly: true });
    try {
      return store.stats.arrays(runId, 0);
    } finally {
      store.close();
    }
  })();
  expect(stored.length).toBeGreaterThan(50);
  expect(stored.every((array) => (array.progErrorRms ?? 0) > 0)).toBe(true);
  await page.goto(served.url());
  await page.goto(`${new URL(served.url()).origin}/#/heatmaps?run=${runId}`);
  await expect(page.getByTestId('array-cell')).toHaveCount(stored.length);
  await expect(page.getByTestId('layer-chart')).toBeVisible();
  await page.screenshot({
    path: join(resolve('docs/screenshots'), 'heatmaps-mobilenet-v2.png'),
    fullPage: true,
  });
});
