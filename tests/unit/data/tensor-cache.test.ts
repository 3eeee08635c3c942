// TensorCache: hits skip decoding; a changed file, crop or a damaged entry misses; writes are atomic; the cap holds.
import { readdir, readFile, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMAGENET_PREPROCESS, type PreprocessSpec } from '../../../src-shared/config/preprocess';
import { UnreadableImageError } from '../../../src-main/data/dataset-error';
import { cropImage } from '../../../src-main/data/preprocess-image';
import { TensorCache } from '../../../src-main/data/tensor-cache';
import { ENTRY_HEADER_BYTES } from '../../../src-main/data/tensor-cache-entry';
import { clearCacheFolder } from '../../../src-main/data/tensor-cache-folder';
import { constantImage, makeTempDir, patternImage, removeDir, writeImage } from './image-fixtures';

const SPEC: PreprocessSpec = { ...IMAGENET_PREPROCESS, resize: 0, crop: 8 };
const ENTRY_BYTES = ENTRY_HEADER_BYTES + 3 * 8 * 8;

let dir: string;
let cacheDir: string;
let image: string;
let decodes: number;
let cache: TensorCache;

beforeEach(async () => {
  dir = await makeTempDir();
  cacheDir = path.join(dir, 'cache');
  image = path.join(dir, 'images', 'a.png');
  await writeImage(image, patternImage(8, 8));
  decodes = 0;
  cache = new TensorCache(cacheDir);
});
afterEach(async () => {
  await removeDir(dir);
});

function load(spec: PreprocessSpec = SPEC, file = image): Promise<Uint8Array> {
  return cache.getOrCompute(file, spec, () => {
    decodes++;
    return cropImage(file, spec);
  });
}

async function cacheFiles(): Promise<string[]> {
  const entries = await readdir(cacheDir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('TensorCache', () => {
  it('returns the stored crop on the second pass without decoding', async () => {
    const first = await load();
    const second = await load();
    expect(decodes).toBe(1);
    expect(second).toEqual(first);
    expect(second).toEqual(await cropImage(image, SPEC));
  });

  it('is shared by a second cache object on the same folder (a later run)', async () => {
    await load();
    cache = new TensorCache(cacheDir);
    await load();
    expect(decodes).toBe(1);
  });

  it('misses when the crop changes, and shares entries between specs that differ only in mean and std', async () => {
    await load();
    await load({ ...SPEC, mean: [0.5, 0.5, 0.5], std: [0.5] });
    expect(decodes).toBe(1);
    await load({ ...SPEC, crop: [8, 6] });
    await load({ ...SPEC, layout: 'nhwc' });
    await load({ ...SPEC, channels: 1, mean: [0.5], std: [0.5] });
    await load({ ...SPEC, resize: 10 });
    expect(decodes).toBe(5);
    // Writing the crop as [8, 8] instead of 8 is the same crop.
    await load({ ...SPEC, crop: [8, 8] });
    expect(decodes).toBe(5);
  });

  it('misses when the image file changes, and returns the new pixels', async () => {
    await load();
    await writeImage(image, constantImage(8, 8, [0, 0, 0]));
    const later = new Date(Date.now() + 60_000);
    await utimes(image, later, later);
    const crop = await load();
    expect(decodes).toBe(2);
    expect(crop).toEqual(await cropImage(image, SPEC));
  });

  it('treats a truncated, altered or older-format entry as a miss and rewrites it', async () => {
    const original = await load();
    const [entry] = await cacheFiles();
    await truncate(entry, 20);
    expect(await load()).toEqual(original);
    expect(decodes).toBe(2);

    const bytes = await readFile(entry);
    bytes[bytes.length - 1] ^= 0xff;
    await writeFile(entry, bytes);
    expect(await load()).toEqual(original);
    expect(decodes).toBe(3);

    // The float32 entries' magic, on an otherwise valid entry.
    const valid = await readFile(entry);
    valid.write('XBT1', 0, 'ascii');
    await writeFile(entry, valid);
    expect(await load()).toEqual(original);
    expect(decodes).toBe(4);
    expect(await load()).toEqual(original);
    expect(decodes).toBe(4);
  });

  it('leaves exactly one finished entry of header + C×H×W bytes and no temporary files', async () => {
    await load();
    const files = await cacheFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.u8$/);
    expect((await readFile(files[0])).length).toBe(ENTRY_BYTES);
  });

  it('misses, and never returns another crop, when another process clears the folder', async () => {
    const first = await load();
    await clearCacheFolder(cacheDir);
    expect(await load()).toEqual(first);
    expect(decodes).toBe(2);
  });

  it('evicts the least recently read entries once the folder passes its cap', async () => {
    const files = ['b', 'c', 'd', 'e'].map((name) => path.join(dir, 'images', `${name}.png`));
    for (const [n, file] of files.entries()) await writeImage(file, patternImage(8 + n, 8));
    cache = new TensorCache(cacheDir, { maxBytes: 3 * ENTRY_BYTES });
    for (const file of files.slice(0, 3)) await load(SPEC, file);
    // b, c and d are cached; reading b makes c the least recently used.
    const past = new Date(Date.now() - 60_000);
    for (const entry of await cacheFiles()) await utimes(entry, past, past);
    await load(SPEC, files[0]);
    await load(SPEC, files[3]);
    expect(await cacheFiles()).toHaveLength(2);
    decodes = 0;
    for (const file of [files[0], files[3]]) await load(SPEC, file);
    expect(decodes).toBe(0);
    await load(SPEC, files[1]);
    expect(decodes).toBe(1);
  });

  it('stores nothing with a cap of 0', async () => {
    cache = new TensorCache(cacheDir, { maxBytes: 0 });
    await load();
    await load();
    expect(decodes).toBe(2);
    await expect(readdir(cacheDir)).rejects.toThrow('ENOENT');
  });

  it('reports a missing image as unreadable, naming it', async () => {
    const missing = path.join(dir, 'images', 'gone.png');
    const error = await cache
      .getOrCompute(missing, SPEC, () => cropImage(missing, SPEC))
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UnreadableImageError);
    expect((error as UnreadableImageError).file).toBe(missing);
  });
});
