// Deterministic subsets of a dataset: the first N items, or N drawn with a seed, plus disjoint test/calibration sets.
import { randomBelow, splitMix32 } from './seeded-random';

export interface SubsetOptions {
  count: number;
  sample: 'first' | 'random';
  /** For 'random': the same seed draws the same items on every machine. Default 0. */
  seed?: number;
}

/** Asked for more items than there are. */
export class SubsetSizeError extends Error {
  override readonly name = 'SubsetSizeError';

  constructor(
    readonly requested: number,
    readonly available: number,
    message: string,
  ) {
    super(message);
  }
}

const datasetShortfall = (available: number) => `the dataset has only ${available}`;

/** The chosen items, in their original order (so a subset of a sorted dataset stays sorted). */
export function selectSubset<T>(items: readonly T[], options: SubsetOptions): T[] {
  return pickIndices(items.length, options, 'subset', datasetShortfall).map((index) => items[index]);
}

export interface CalibrationAndTestOptions {
  test: SubsetOptions;
  calibration: SubsetOptions;
}

/** The test subset is drawn first; calibration is drawn from the rest, so no image is in both. */
export function selectCalibrationAndTest<T>(
  items: readonly T[],
  options: CalibrationAndTestOptions,
): { test: T[]; calibration: T[] } {
  const testIndices = pickIndices(items.length, options.test, 'test subset', datasetShortfall);
  const inTest = new Set(testIndices);
  const rest = items.filter((_, index) => !inTest.has(index));
  const calibrationShortfall = (available: number) =>
    `only ${available} remain after the ${testIndices.length}-image test subset`;
  const calibrationIndices = pickIndices(
    rest.length,
    options.calibration,
    'calibration subset',
    calibrationShortfall,
  );
  return {
    test: testIndices.map((index) => items[index]),
    calibration: calibrationIndices.map((index) => rest[index]),
  };
}

/** Sorted indices of the chosen items among `available`; `shortfall` says what there is when that is too few. */
function pickIndices(
  available: number,
  { count, sample, seed = 0 }: SubsetOptions,
  what: string,
  shortfall: (available: number) => string,
): number[] {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`the ${what} size must be a whole number of images, got ${count}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`the ${what} seed must be an integer, got ${seed}`);
  if (count > available) {
    throw new SubsetSizeError(
      count,
      available,
      `the ${what} asks for ${count} images but ${shortfall(available)}`,
    );
  }
  if (sample === 'first') return Array.from({ length: count }, (_, index) => index);
  return drawIndices(available, count, seed).sort((a, b) => a - b);
}

/** The first `count` steps of a Fisher-Yates shuffle: `count` distinct indices, each subset equally likely. */
function drawIndices(available: number, count: number, seed: number): number[] {
  const next = splitMix32(seed);
  const indices = Array.from({ length: available }, (_, index) => index);
  for (let i = 0; i < count; i++) {
    const j = i + randomBelow(next, available - i);
    [indices[i], indices[j]] = [indices[j], indices[i]];
  }
  return indices.slice(0, count);
}
