// The tensor cache over a flat ILSVRC validation folder of 2,000 JPEGs: the bytes each image takes, least recently
// used entries evicted first, and a pass under a small cap that never leaves the folder above it.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { IMAGENET_PREPROCESS, type PreprocessSpec } from '../../../src-shared/config/preprocess';
import {
  TensorCache,
  cacheUsage,
  clearCacheFolder,
  loadBatches,
  openDataset,
  type DatasetItem,
  type ImageDecoder,
} from '../../../src-main/data';
import { cropImage } from '../../../src-main/data/preprocess-image';
import { ENTRY_HEADER_BYTES } from '../../../src-main/data/tensor-cache-entry';
import { makeTempDir, removeDir } from '../../unit/data/image-fixtures';

const IMAGES = 2000;
const SIDE_PX = 16;
const SPEC: PreprocessSpec = { ...IMAGENET_PREPROCESS, resize: 0, crop: SIDE_PX };
const ENTRY_BYTES = ENTRY_HEADER_BYTES + 3 * SIDE_PX * SIDE_PX;

let dir: string;
let cacheDir: string;
let items: readonly DatasetItem[];

beforeAll(async () => {
  dir = await makeTempDir();
  cacheDir = path.join(dir, 'cache');
  const root = path.join(dir, 'val');
  await mkdir(root);
  const names = Array.from(
    { length: IMAGES },
    (_, n) => `ILSVRC2012_val_${String(n + 1).padStart(8, '0')}.JPEG`,
  );
  await inChunks(names, 16, (name, n) => writeJpeg(path.join(root, name), n));
  // The devkit's ground truth: one class ID (1..1000) per image, in file order.
  const labels = names.map((_, n) => (n % 1000) + 1);
  await writeFile(path.join(root, 'ILSVRC2012_validation_ground_truth.txt'), `${labels.join('\n')}\n`);
  const dataset = await openDataset(root);
  expect(dataset.layout).toBe('ilsvrc-flat');
  items = dataset.items;
  expect(items).toHaveLength(IMAGES);
});

afterAll(async () => {
  vi.useRealTimers();
  await removeDir(dir);
});

/** A 16×16 JPEG whose colours depend on n, so no two images (or entries) are alike. */
async function writeJpeg(file: string, n: number): Promise<void> {
  const pixels = Buffer.alloc(SIDE_PX * SIDE_PX * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + n * 13 + (n >> 8) * i) % 256;
  await sharp(pixels, { raw: { width: SIDE_PX, height: SIDE_PX, channels: 3 } })
    .jpeg()
    .toFile(file);
}

async function inChunks<T>(
  values: readonly T[],
  size: number,
  task: (value: T, index: number) => Promise<void>,
) {
  for (let start = 0; start < values.length; start += size) {
    await Promise.all(values.slice(start, start + size).map((value, k) => task(value, start + k)));
  }
}

/** One pass over `subset` through `cache`; returns how many images had to be decoded. */
async function pass(subset: readonly DatasetItem[], cache: TensorCache, spec = SPEC): Promise<number> {
  let decodes = 0;
  const decode: ImageDecoder = (file, s) => {
    decodes++;
    return cropImage(file, s);
  };
  for await (const batch of loadBatches(subset, spec, { batchSize: 100, cache, decode })) {
    expect(batch.skipped).toEqual([]);
  }
  return decodes;
}

it('stores each image in header + C×H×W bytes and evicts the least recently read first', async () => {
  expect(await pass(items, new TensorCache(cacheDir))).toBe(IMAGES);
  expect(await cacheUsage(cacheDir)).toEqual({ entries: IMAGES, bytes: IMAGES * ENTRY_BYTES });

  // Read every image once, a second apart on the clock, in a scrambled order (7 and 2000 share no factor).
  const readOrder = items.map((_, k) => items[(k * 7) % IMAGES]);
  const reader = new TensorCache(cacheDir);
  vi.useFakeTimers({ toFake: ['Date'] });
  const dayAgoMs = Date.now() - 86_400_000;
  for (const [k, item] of readOrder.entries()) {
    vi.setSystemTime(dayAgoMs + k * 1000);
    await reader.getOrCompute(item.file, SPEC, () => cropImage(item.file, SPEC));
  }
  vi.useRealTimers();

  // One new entry pushes the folder over a cap of 1,000 images: it is brought down to 90 % of the cap by
  // evicting the entries read longest ago.
  const capBytes = 1000 * ENTRY_BYTES;
  const small = { ...SPEC, crop: 8 };
  expect(await pass(items.slice(0, 1), new TensorCache(cacheDir, { maxBytes: capBytes }), small)).toBe(1);
  const evicted = Math.ceil(
    (IMAGES * ENTRY_BYTES + ENTRY_HEADER_BYTES + 3 * 8 * 8 - 0.9 * capBytes) / ENTRY_BYTES,
  );
  const usage = await cacheUsage(cacheDir);
  expect(usage.entries).toBe(IMAGES - evicted + 1);
  expect(usage.bytes).toBeLessThanOrEqual(0.9 * capBytes);

  // A cap of 0 stores nothing, so these passes only probe what is left.
  const probe = new TensorCache(cacheDir, { maxBytes: 0 });
  expect(await pass(readOrder.slice(evicted), probe)).toBe(0);
  expect(await pass(readOrder.slice(0, evicted), probe)).toBe(evicted);
});

it('keeps a whole pass under a small cap, evicting in batches', async () => {
  await clearCacheFolder(cacheDir);
  const capBytes = 300 * ENTRY_BYTES;
  const cache = new TensorCache(cacheDir, { maxBytes: capBytes });
  let largestBytes = 0;
  for (let start = 0; start < IMAGES; start += 250) {
    expect(await pass(items.slice(start, start + 250), cache)).toBe(250);
    largestBytes = Math.max(largestBytes, (await cacheUsage(cacheDir)).bytes);
  }
  expect(largestBytes).toBeLessThanOrEqual(capBytes);
  // The last eviction left 90 % of the cap, and later writes have not reached it again.
  const { entries } = await cacheUsage(cacheDir);
  expect(entries).toBeGreaterThanOrEqual(270);
  expect(entries).toBeLessThanOrEqual(300);
});
