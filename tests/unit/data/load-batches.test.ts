// loadBatches: ordered, full batches; unreadable images skipped and named; bounded concurrency; cache reuse.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMAGENET_PREPROCESS, type PreprocessSpec } from '../../../src-shared/config/preprocess';
import type { DatasetItem } from '../../../src-main/data/dataset-types';
import { loadBatches, type Batch, type ImageDecoder } from '../../../src-main/data/load-batches';
import { cropImage, preprocessImage } from '../../../src-main/data/preprocess-image';
import { TensorCache } from '../../../src-main/data/tensor-cache';
import {
  makeTempDir,
  patternImage,
  removeDir,
  writeImage,
  writeText,
  writeTruncatedJpeg,
} from './image-fixtures';

const SPEC: PreprocessSpec = { ...IMAGENET_PREPROCESS, resize: 8, crop: 6 };
const IMAGE_SIZE = 3 * 6 * 6;

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

/** Items named a..g with labels 0..6; the names in `bad` are written as unreadable files. */
async function writeItems(
  names: string[],
  bad: Record<string, 'truncated' | 'text'> = {},
): Promise<DatasetItem[]> {
  const items: DatasetItem[] = [];
  for (const [label, name] of names.entries()) {
    const file = path.join(dir, `${name}.jpg`);
    if (bad[name] === 'truncated') await writeTruncatedJpeg(file);
    else if (bad[name] === 'text') await writeText(file, 'not an image');
    else await writeImage(file, patternImage(10 + label, 9));
    items.push({ file, label });
  }
  return items;
}

/** The tensor's bytes, so equal means bit-identical (0 and -0, NaN payloads and all). */
const bitsOf = (tensor: Float32Array) => Buffer.from(tensor.buffer, tensor.byteOffset, tensor.byteLength);

async function collect(generator: AsyncGenerator<Batch>): Promise<Batch[]> {
  const batches: Batch[] = [];
  for await (const batch of generator) batches.push(batch);
  return batches;
}

function countingDecoder(): { decode: ImageDecoder; count: () => number; maxInFlight: () => number } {
  let count = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const decode: ImageDecoder = async (file, spec) => {
    count++;
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      return await cropImage(file, spec);
    } finally {
      inFlight--;
    }
  };
  return { decode, count: () => count, maxInFlight: () => maxInFlight };
}

describe('loadBatches', () => {
  it('fills each batch in item order, replacing unreadable images with the next ones', async () => {
    const items = await writeItems(['a', 'b', 'c', 'd', 'e', 'f', 'g'], { b: 'truncated', e: 'text' });

    const batches = await collect(loadBatches(items, SPEC, { batchSize: 3 }));

    expect(batches.map((batch) => batch.dims)).toEqual([
      [3, 3, 6, 6],
      [2, 3, 6, 6],
    ]);
    expect(batches.map((batch) => batch.files.map((file) => path.basename(file)))).toEqual([
      ['a.jpg', 'c.jpg', 'd.jpg'],
      ['f.jpg', 'g.jpg'],
    ]);
    expect(batches.map((batch) => [...batch.labels])).toEqual([
      [0, 2, 3],
      [5, 6],
    ]);
    expect(batches[0].skipped.map((entry) => entry.file)).toEqual([items[1].file]);
    expect(batches[0].skipped[0].reason).toContain(items[1].file);
    expect(batches[1].skipped.map((entry) => entry.file)).toEqual([items[4].file]);
    expect(batches[1].skipped[0].reason).toContain('unsupported image format');
    for (const batch of batches) {
      expect(batch.tensor).toHaveLength(batch.dims[0] * IMAGE_SIZE);
      for (const [n, file] of batch.files.entries()) {
        expect(batch.tensor.subarray(n * IMAGE_SIZE, (n + 1) * IMAGE_SIZE)).toEqual(
          await preprocessImage(file, SPEC),
        );
      }
    }
  });

  it('yields a last batch with no images when every remaining file is unreadable, so they are reported', async () => {
    const items = await writeItems(['a', 'b', 'c'], { b: 'text', c: 'truncated' });
    const batches = await collect(loadBatches(items, SPEC, { batchSize: 1 }));
    expect(batches.map((batch) => batch.dims[0])).toEqual([1, 0]);
    expect(batches[1].tensor).toHaveLength(0);
    expect(batches[1].skipped.map((entry) => path.basename(entry.file))).toEqual(['b.jpg', 'c.jpg']);
  });

  it('keeps at most `concurrency` decodes in flight', async () => {
    const items = await writeItems(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const fourWide = countingDecoder();
    await collect(loadBatches(items, SPEC, { batchSize: 7, decode: fourWide.decode }));
    expect(fourWide.maxInFlight()).toBeGreaterThan(1);
    expect(fourWide.maxInFlight()).toBeLessThanOrEqual(4);
    const twoWide = countingDecoder();
    await collect(loadBatches(items, SPEC, { batchSize: 7, decode: twoWide.decode, concurrency: 2 }));
    expect(twoWide.maxInFlight()).toBe(2);
  });

  it('decodes nothing on a second pass through a cache', async () => {
    const items = await writeItems(['a', 'b', 'c', 'd'], { c: 'text' });
    const cache = new TensorCache(path.join(dir, 'cache'));
    const first = countingDecoder();
    const firstPass = await collect(loadBatches(items, SPEC, { batchSize: 2, cache, decode: first.decode }));
    const second = countingDecoder();
    const secondPass = await collect(
      loadBatches(items, SPEC, { batchSize: 2, cache, decode: second.decode }),
    );
    expect(first.count()).toBe(4);
    // The unreadable file has no entry, so only it is tried again.
    expect(second.count()).toBe(1);
    expect(secondPass.map((batch) => batch.tensor)).toEqual(firstPass.map((batch) => batch.tensor));
  });

  it('gives a cached pass bit for bit the tensors of an uncached one, in every layout and channel count', async () => {
    const items: DatasetItem[] = [];
    for (const [label, [width, height]] of [
      [23, 17],
      [9, 30],
      [40, 40],
    ].entries()) {
      const file = path.join(dir, `photo${label}.jpg`);
      await writeImage(file, patternImage(width, height));
      items.push({ file, label });
    }
    const specs: PreprocessSpec[] = [
      { ...IMAGENET_PREPROCESS, resize: 20, crop: 16 },
      { ...IMAGENET_PREPROCESS, resize: 18, crop: [12, 20], layout: 'nhwc' },
      // Larger than the resized images, so the zero padding goes through the cache too.
      { ...IMAGENET_PREPROCESS, resize: 0, crop: 32, channels: 1, mean: [0.45], std: [0.2] },
    ];
    const cache = new TensorCache(path.join(dir, 'cache'));
    for (const spec of specs) {
      const fresh = await collect(loadBatches(items, spec, { batchSize: 2 }));
      const writing = await collect(loadBatches(items, spec, { batchSize: 2, cache }));
      const counted = countingDecoder();
      const reading = await collect(
        loadBatches(items, spec, { batchSize: 2, cache, decode: counted.decode }),
      );
      expect(counted.count()).toBe(0);
      for (const passes of [writing, reading]) {
        expect(passes.map((batch) => bitsOf(batch.tensor))).toEqual(
          fresh.map((batch) => bitsOf(batch.tensor)),
        );
      }
      const imageSize = fresh[0].tensor.length / fresh[0].dims[0];
      expect(bitsOf(fresh[0].tensor.subarray(0, imageSize))).toEqual(
        bitsOf(await preprocessImage(items[0].file, spec)),
      );
    }
  });

  it('stops on an error that is not about one unreadable image', async () => {
    const items = await writeItems(['a', 'b']);
    const failing: ImageDecoder = () => Promise.reject(new Error('out of memory'));
    await expect(collect(loadBatches(items, SPEC, { batchSize: 2, decode: failing }))).rejects.toThrow(
      'out of memory',
    );
  });

  it('yields nothing for no items and rejects a bad batch size', async () => {
    expect(await collect(loadBatches([], SPEC, { batchSize: 4 }))).toEqual([]);
    await expect(collect(loadBatches([], SPEC, { batchSize: 0 }))).rejects.toThrow(
      'batchSize must be a positive integer',
    );
  });
});
