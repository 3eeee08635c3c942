// The Projects view's tensor cache panel against `crossbar serve`: the folder, size and cap it reports, and Clear.
import { expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGENET_PREPROCESS } from '../../src-shared/config/preprocess';
import { TensorCache, cropImage } from '../../src-main/data';
import { patternImage, writeImage } from '../unit/data/image-fixtures';
import { serveDuringSpec } from './serve-process';

const SPEC = { ...IMAGENET_PREPROCESS, resize: 0, crop: 32 };
let folder = '';

const served = serveDuringSpec(async () => {
  const home = mkdtempSync(join(tmpdir(), 'cb-e2e-cache-'));
  folder = join(home, 'crossbar-studio');
  const cache = new TensorCache(folder);
  for (let n = 0; n < 3; n++) {
    const file = join(home, 'images', `${n}.png`);
    await writeImage(file, patternImage(32, 32 + n));
    await cache.getOrCompute(file, SPEC, () => cropImage(file, SPEC));
  }
  const db = join(mkdtempSync(join(tmpdir(), 'cb-e2e-')), 'cache.db');
  return {
    args: ['bin/crossbar.js', 'serve', '--port', '0', '--db', db, '--no-demo'],
    env: {
      ...process.env,
      XDG_CACHE_HOME: home,
      CROSSBAR_CACHE_MAX_BYTES: '1G',
    },
  };
});

test('the tensor cache panel shows the folder, size and cap, and clears it', async ({ page }) => {
  await page.goto(served.url());
  const panel = page.getByTestId('tensor-cache');
  await expect(page.getByRole('heading', { name: 'Tensor cache' })).toBeVisible();
  await expect(panel).toContainText(folder);
  // Three 32×32 RGB crops of 12 + 3072 bytes each.
  await expect(panel).toContainText('9.0 KiB in 3 images');
  await expect(panel).toContainText('1.0 GiB');
  await page.getByRole('button', { name: 'Clear cache' }).click();
  await expect(panel).toContainText('0 bytes in 0 images');
  await expect(page.getByRole('button', { name: 'Clear cache' })).toBeDisabled();
});
