// Subsets: first-N, seeded random and class-stratified selection, determinism across runs, disjoint
// test/calibration sets.
import { describe, expect, it } from 'vitest';
import { randomBelow, splitMix32 } from '../../../src-main/data/seeded-random';
import {
  SubsetSizeError,
  selectCalibrationAndTest,
  selectSubset,
  type CalibrationAndTestOptions,
  type SubsetOptions,
} from '../../../src-main/data/subsets';

const items = Array.from({ length: 20 }, (_, index) => `image-${String(index).padStart(2, '0')}`);
/** The items as a dataset holds them: sorted by class, five of each of four classes. */
const pool = items.map((name, index) => ({ name, label: Math.floor(index / 5) }));
const names = (picked: { name: string }[]) => picked.map((item) => item.name);
const subset = (options: SubsetOptions) => names(selectSubset(pool, options));
function split(options: CalibrationAndTestOptions) {
  const { test, calibration } = selectCalibrationAndTest(pool, options);
  return { test: names(test), calibration: names(calibration) };
}

describe('splitMix32', () => {
  it('gives a fixed sequence for a seed, so subsets match on every machine', () => {
    const next = splitMix32(42);
    const first = [next(), next(), next()];
    const again = splitMix32(42);
    expect([again(), again(), again()]).toEqual(first);
    expect(first.every((value) => Number.isInteger(value) && value >= 0 && value < 2 ** 32)).toBe(true);
    expect(splitMix32(43)()).not.toBe(first[0]);
  });

  it('is MurmurHash3 fmix32 of the Weyl sequence k * 0x9e3779b9 (checked in exact BigInt arithmetic)', () => {
    const fmix32 = (value: bigint) => {
      let h = value;
      h ^= h >> 16n;
      h = (h * 0x85ebca6bn) & 0xffffffffn;
      h ^= h >> 13n;
      h = (h * 0xc2b2ae35n) & 0xffffffffn;
      return Number(h ^ (h >> 16n));
    };
    const seed = 123456789n;
    const next = splitMix32(Number(seed));
    for (let k = 1n; k <= 1000n; k++) expect(next()).toBe(fmix32((seed + k * 0x9e3779b9n) & 0xffffffffn));
  });

  it('draws every value below a bound about equally often', () => {
    const next = splitMix32(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[randomBelow(next, 10)]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});

describe('selectSubset', () => {
  it('takes the first N items', () => {
    expect(subset({ count: 3, sample: 'first' })).toEqual(['image-00', 'image-01', 'image-02']);
  });

  it('draws the same N distinct items for the same seed, in their original order', () => {
    const drawn = subset({ count: 6, sample: 'random', seed: 1234 });
    expect(subset({ count: 6, sample: 'random', seed: 1234 })).toEqual(drawn);
    expect(new Set(drawn).size).toBe(6);
    expect([...drawn].sort()).toEqual(drawn);
    expect(subset({ count: 6, sample: 'random', seed: 1235 })).not.toEqual(drawn);
  });

  it('pins the draw for one seed, so a change to the generator cannot go unnoticed', () => {
    expect(subset({ count: 5, sample: 'random', seed: 2024 })).toEqual([
      'image-01',
      'image-08',
      'image-13',
      'image-15',
      'image-16',
    ]);
  });

  it('picks every item about equally often over many seeds', () => {
    const picks = new Map<string, number>();
    for (let seed = 0; seed < 4000; seed++) {
      for (const item of subset({ count: 5, sample: 'random', seed })) {
        picks.set(item, (picks.get(item) ?? 0) + 1);
      }
    }
    // 4000 draws of 5 from 20: each item expected 1000 times.
    for (const item of items) expect(Math.abs((picks.get(item) ?? 0) - 1000)).toBeLessThan(150);
  });

  it('allows all items and none', () => {
    expect(subset({ count: 20, sample: 'random', seed: 5 })).toEqual(items);
    expect(subset({ count: 0, sample: 'random', seed: 5 })).toEqual([]);
  });

  it('names the count asked for and the number available when asked for too many', () => {
    const error = (() => {
      try {
        subset({ count: 21, sample: 'first' });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(SubsetSizeError);
    expect(error).toMatchObject({ requested: 21, available: 20 });
    expect((error as Error).message).toContain('21');
    expect((error as Error).message).toContain('20');
  });

  it('rejects a negative or fractional count', () => {
    expect(() => subset({ count: -1, sample: 'first' })).toThrow(RangeError);
    expect(() => subset({ count: 2.5, sample: 'first' })).toThrow(RangeError);
  });
});

describe('a stratified subset', () => {
  const labelsOf = (picked: { label: number }[]) => picked.map((item) => item.label);
  const perClass = (labels: number[], classes: number) =>
    Array.from({ length: classes }, (_, c) => labels.filter((label) => label === c).length);

  it("takes each class's share and the classes in turn, so its first images cover them", () => {
    const drawn = selectSubset(pool, { count: 8, sample: 'stratified', seed: 3 });
    expect(labelsOf(drawn)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(new Set(names(drawn)).size).toBe(8);
    expect(subset({ count: 8, sample: 'stratified', seed: 3 })).toEqual(names(drawn));
    expect(subset({ count: 8, sample: 'stratified', seed: 4 })).not.toEqual(names(drawn));
  });

  it('gives a demo-sized dataset sorted by class ten images of each class out of 100', () => {
    const demo = Array.from({ length: 1000 }, (_, index) => ({ label: Math.floor(index / 100) }));
    const labels = labelsOf(selectSubset(demo, { count: 100, sample: 'stratified', seed: 0 }));
    expect(perClass(labels, 10)).toEqual(new Array(10).fill(10));
    // The first-N sample of the same dataset is one class.
    expect(new Set(labelsOf(selectSubset(demo, { count: 100, sample: 'first' })))).toEqual(new Set([0]));
  });

  it('shares the count in proportion to unequal classes, by largest remainders', () => {
    const uneven = [...Array(10).fill(0), ...Array(6).fill(1), ...Array(4).fill(2)].map((label) => ({
      label,
    }));
    // Exact shares of 7 images: 3.5, 2.1, 1.4 → floors 3, 2, 1 and the one left over to the largest remainder.
    expect(perClass(labelsOf(selectSubset(uneven, { count: 7, sample: 'stratified', seed: 1 })), 3)).toEqual([
      4, 2, 1,
    ]);
    expect(perClass(labelsOf(selectSubset(uneven, { count: 10, sample: 'stratified', seed: 1 })), 3)).toEqual(
      [5, 3, 2],
    );
  });

  it('gives the images left over by equal shares to every class equally often over seeds', () => {
    // 10 of 4 × 5: two classes get a third image. Over 4000 seeds each class expects 2000 (binomial sd ≈ 32);
    // ±200 is beyond 6 sd, so a fair draw fails this with probability below 1e-8.
    const extras = new Array<number>(4).fill(0);
    for (let seed = 0; seed < 4000; seed++) {
      const counts = perClass(labelsOf(selectSubset(pool, { count: 10, sample: 'stratified', seed })), 4);
      expect(counts.every((count) => count === 2 || count === 3)).toBe(true);
      counts.forEach((count, c) => (extras[c] += count - 2));
    }
    for (const extra of extras) expect(Math.abs(extra - 2000)).toBeLessThan(200);
  });

  it('picks every image of a class about equally often over seeds', () => {
    // 8 of 20 with 2 per class: each image expects 0.4 × 5000 = 2000 picks (sd ≈ 35); ±200 is beyond 5.7 sd.
    const picks = new Map<string, number>();
    for (let seed = 0; seed < 5000; seed++) {
      for (const name of subset({ count: 8, sample: 'stratified', seed }))
        picks.set(name, (picks.get(name) ?? 0) + 1);
    }
    for (const item of items) expect(Math.abs((picks.get(item) ?? 0) - 2000)).toBeLessThan(200);
  });

  it('is the test subset of a run, with calibration drawn from the rest', () => {
    const { test, calibration } = selectCalibrationAndTest(pool, {
      test: { count: 12, sample: 'stratified', seed: 5 },
      calibration: { count: 8, sample: 'random', seed: 6 },
    });
    expect(perClass(labelsOf(test), 4)).toEqual([3, 3, 3, 3]);
    expect(names(test).filter((name) => names(calibration).includes(name))).toEqual([]);
  });
});

describe('selectCalibrationAndTest', () => {
  it('draws calibration only from images outside the test subset', () => {
    for (const sample of ['first', 'random'] as const) {
      const { test, calibration } = split({
        test: { count: 12, sample, seed: 1 },
        calibration: { count: 8, sample, seed: 2 },
      });
      expect(test).toHaveLength(12);
      expect(calibration).toHaveLength(8);
      expect(test.filter((item) => calibration.includes(item))).toEqual([]);
    }
  });

  it('takes calibration from the items after the first-N test subset', () => {
    const { test, calibration } = split({
      test: { count: 2, sample: 'first' },
      calibration: { count: 2, sample: 'first' },
    });
    expect(test).toEqual(['image-00', 'image-01']);
    expect(calibration).toEqual(['image-02', 'image-03']);
  });

  it('is the same on every call with the same seeds', () => {
    const options = {
      test: { count: 5, sample: 'random', seed: 9 },
      calibration: { count: 5, sample: 'random', seed: 9 },
    } as const;
    expect(split(options)).toEqual(split(options));
  });

  it('says how many remain when calibration asks for more than the test subset left', () => {
    expect(() =>
      split({
        test: { count: 15, sample: 'random', seed: 1 },
        calibration: { count: 6, sample: 'random', seed: 1 },
      }),
    ).toThrow('the calibration subset asks for 6 images but only 5 remain after the 15-image test subset');
  });
});
