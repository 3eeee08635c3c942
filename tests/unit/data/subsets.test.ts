// Subsets: first-N and seeded random selection, determinism across runs, disjoint test/calibration sets.
import { describe, expect, it } from 'vitest';
import { randomBelow, splitMix32 } from '../../../src-main/data/seeded-random';
import { SubsetSizeError, selectCalibrationAndTest, selectSubset } from '../../../src-main/data/subsets';

const items = Array.from({ length: 20 }, (_, index) => `image-${String(index).padStart(2, '0')}`);

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
    expect(selectSubset(items, { count: 3, sample: 'first' })).toEqual(['image-00', 'image-01', 'image-02']);
  });

  it('draws the same N distinct items for the same seed, in their original order', () => {
    const drawn = selectSubset(items, { count: 6, sample: 'random', seed: 1234 });
    expect(selectSubset(items, { count: 6, sample: 'random', seed: 1234 })).toEqual(drawn);
    expect(new Set(drawn).size).toBe(6);
    expect([...drawn].sort()).toEqual(drawn);
    expect(selectSubset(items, { count: 6, sample: 'random', seed: 1235 })).not.toEqual(drawn);
  });

  it('pins the draw for one seed, so a change to the generator cannot go unnoticed', () => {
    expect(selectSubset(items, { count: 5, sample: 'random', seed: 2024 })).toEqual([
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
      for (const item of selectSubset(items, { count: 5, sample: 'random', seed })) {
        picks.set(item, (picks.get(item) ?? 0) + 1);
      }
    }
    // 4000 draws of 5 from 20: each item expected 1000 times.
    for (const item of items) expect(Math.abs((picks.get(item) ?? 0) - 1000)).toBeLessThan(150);
  });

  it('allows all items and none', () => {
    expect(selectSubset(items, { count: 20, sample: 'random', seed: 5 })).toEqual(items);
    expect(selectSubset(items, { count: 0, sample: 'random', seed: 5 })).toEqual([]);
  });

  it('names the count asked for and the number available when asked for too many', () => {
    const error = (() => {
      try {
        selectSubset(items, { count: 21, sample: 'first' });
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
    expect(() => selectSubset(items, { count: -1, sample: 'first' })).toThrow(RangeError);
    expect(() => selectSubset(items, { count: 2.5, sample: 'first' })).toThrow(RangeError);
  });
});

describe('selectCalibrationAndTest', () => {
  it('draws calibration only from images outside the test subset', () => {
    for (const sample of ['first', 'random'] as const) {
      const { test, calibration } = selectCalibrationAndTest(items, {
        test: { count: 12, sample, seed: 1 },
        calibration: { count: 8, sample, seed: 2 },
      });
      expect(test).toHaveLength(12);
      expect(calibration).toHaveLength(8);
      expect(test.filter((item) => calibration.includes(item))).toEqual([]);
    }
  });

  it('takes calibration from the items after the first-N test subset', () => {
    const { test, calibration } = selectCalibrationAndTest(items, {
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
    expect(selectCalibrationAndTest(items, options)).toEqual(selectCalibrationAndTest(items, options));
  });

  it('says how many remain when calibration asks for more than the test subset left', () => {
    expect(() =>
      selectCalibrationAndTest(items, {
        test: { count: 15, sample: 'random', seed: 1 },
        calibration: { count: 6, sample: 'random', seed: 1 },
      }),
    ).toThrow('the calibration subset asks for 6 images but only 5 remain after the 15-image test subset');
  });
});
