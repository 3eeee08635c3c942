// TensorCache: hits skip decoding; a changed file, a changed spec or a damaged entry misses; writes are atomic.
import { readdir, readFile, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMAGENET_PREPROCESS, type PreprocessSpec } from '../../../src-shared/config/preprocess';
import { UnreadableImageError } from '../../../src-main/data/dataset-error';
import { preprocessImage } from '../../../src-main/data/preprocess-image';
import { TensorCache } from '../../../src-main/data/tensor-cache';
import { constantImage, makeTempDir, patternImage, removeDir, writeImage } from './image-fixtures';

const SPEC: PreprocessSpec = { ...IMAGENET_PREPROCESS, resize: 0, crop: 8 };

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

function load(spec: PreprocessSpec = SPEC): Promise<Float32Array> {
  return cache.getOrCompute(image, spec, () => {
    decodes++;
    return preprocessImage(image, spec);
  });
}

async function cacheFiles(): Promise<string[]> {
  const entries = await readdir(cacheDir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('TensorCache', () => {
  it('returns the stored tensor on the second pass without decoding', async () => {
    const first = await load();
    const second = await load();
    expect(decodes).toBe(1);
    expect(second).toEqual(first);
    expect(second).toEqual(await preprocessImage(image, SPEC));
  });

  it('is shared by a second cache object on the same folder (a later run)', async () => {
    await load();
    cache = new TensorCache(cacheDir);
    await load();
    expect(decodes).toBe(1);
  });

  it('misses when the preprocessing spec changes', async () => {
    await load();
    await load({ ...SPEC, mean: [0.5, 0.5, 0.5] });
    await load({ ...SPEC, crop: [8, 6] });
    expect(decodes).toBe(3);
    // Writing the crop as [8, 8] instead of 8 is the same spec.
    await load({ ...SPEC, crop: [8, 8] });
    expect(decodes).toBe(3);
  });

  it('misses when the image file changes, and returns the new pixels', async () => {
    await load();
    await writeImage(image, constantImage(8, 8, [0, 0, 0]));
    const later = new Date(Date.now() + 60_000);
    await utimes(image, later, later);
    const tensor = await load();
    expect(decodes).toBe(2);
    expect(tensor).toEqual(await preprocessImage(image, SPEC));
  });

  it('treats a truncated or altered entry as a miss and rewrites it', async () => {
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
    expect(await load()).toEqual(original);
    expect(decodes).toBe(3);
  });

  it('leaves exactly one finished entry and no temporary files', async () => {
    await load();
    const files = await cacheFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.f32$/);
  });

  it('reports a missing image as unreadable, naming it', async () => {
    const missing = path.join(dir, 'images', 'gone.png');
    const error = await cache
      .getOrCompute(missing, SPEC, () => preprocessImage(missing, SPEC))
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UnreadableImageError);
    expect((error as UnreadableImageError).file).toBe(missing);
  });
});
