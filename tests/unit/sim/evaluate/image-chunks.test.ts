// The runs a batch of images is fed in: a fixed-batch model's exact size, its short last run filled with repeats.
import { describe, expect, it } from 'vitest';
import { imageChunks, wholeRunsBatchSize } from '../../../../src-main/sim/evaluate/image-chunks';

/** `count` images of two values each, image i holding [i, i]. */
function batch(count: number) {
  return {
    tensor: Float32Array.from({ length: count * 2 }, (_, i) => Math.floor(i / 2)),
    dims: [count, 1, 1, 2],
  };
}

describe('imageChunks', () => {
  it('feeds a fixed batch of 4 in runs of 4, the last of 10 images filled with its own two again', () => {
    const chunks = [...imageChunks(batch(10), 4)];
    expect(chunks.map((chunk) => chunk.images)).toEqual([4, 4, 2]);
    expect(chunks.every((chunk) => chunk.dims[0] === 4)).toBe(true);
    expect([...chunks[1].tensor]).toEqual([4, 4, 5, 5, 6, 6, 7, 7]);
    expect([...chunks[2].tensor]).toEqual([8, 8, 9, 9, 8, 8, 9, 9]);
  });

  it('fills a run larger than the whole batch by repeating it in order', () => {
    const [only] = [...imageChunks(batch(3), 8)];
    expect(only.images).toBe(3);
    expect(only.dims).toEqual([8, 1, 1, 2]);
    expect([...only.tensor].filter((_, i) => i % 2 === 0)).toEqual([0, 1, 2, 0, 1, 2, 0, 1]);
  });

  it('feeds a fixed batch of 1 image by image, and a symbolic batch in short runs of at most four', () => {
    expect([...imageChunks(batch(3), 1)].map((chunk) => chunk.dims[0])).toEqual([1, 1, 1]);
    expect([...imageChunks(batch(6), null)].map((chunk) => [chunk.images, chunk.dims[0]])).toEqual([
      [4, 4],
      [2, 2],
    ]);
  });
});

describe('wholeRunsBatchSize', () => {
  it('rounds a pass batch up to whole runs of the fixed batch, and keeps it for a symbolic one', () => {
    expect(wholeRunsBatchSize(32, 1)).toBe(32);
    expect(wholeRunsBatchSize(32, 4)).toBe(32);
    expect(wholeRunsBatchSize(32, 3)).toBe(33);
    expect(wholeRunsBatchSize(32, 64)).toBe(64);
    expect(wholeRunsBatchSize(32, null)).toBe(32);
  });
});
