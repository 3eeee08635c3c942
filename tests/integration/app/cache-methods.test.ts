// cache.info and cache.clear through the app host, as the UI's tensor cache panel calls them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IMAGENET_PREPROCESS } from '../../../src-shared/config/preprocess';
import { startAppHost, type AppHost } from '../../../src-main/app/app-host';
import { TensorCache, cropImage } from '../../../src-main/data';
import { ENTRY_HEADER_BYTES } from '../../../src-main/data/tensor-cache-entry';
import { patternImage, writeImage } from '../../unit/data/image-fixtures';

const SPEC = { ...IMAGENET_PREPROCESS, resize: 0, crop: 6, channels: 1 as const, mean: [0.5], std: [0.5] };
const dir = mkdtempSync(join(tmpdir(), 'cb-cache-api-'));
const cacheDir = join(dir, 'cache');
let app: AppHost;

beforeAll(async () => {
  app = startAppHost({
    databaseFile: join(dir, 'crossbar.db'),
    cacheDir,
    cacheMaxBytes: 10_000,
    pool: { workers: 1, threadsPerWorker: 1 },
  });
  const image = join(dir, 'a.png');
  await writeImage(image, patternImage(6, 6));
  await new TensorCache(cacheDir).getOrCompute(image, SPEC, () => cropImage(image, SPEC));
});

afterAll(async () => {
  await app.close();
});

it('reports the folder, its one entry and the cap, then clears it', async () => {
  const entry = { folder: cacheDir, maxBytes: 10_000 };
  expect(await app.call('cache.info', {})).toEqual({
    ok: true,
    result: { ...entry, entries: 1, bytes: ENTRY_HEADER_BYTES + 36 },
  });
  expect(await app.call('cache.clear', {})).toEqual({
    ok: true,
    result: { ...entry, entries: 0, bytes: 0, removedEntries: 1, removedBytes: ENTRY_HEADER_BYTES + 36 },
  });
  const refused = await app.call('cache.clear', { everything: true });
  expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
});
