// Deterministic subsets of a dataset: the first N items, or N drawn with a seed (uniformly or by class), plus
// disjoint test and calibration sets.
import type { ImageSample } from '../../src-shared/config/image-sample';
import { randomBelow, splitMix32 } from './seeded-random';

export interface SubsetOptions {
  count: number;
  sample: ImageSample;
  /** For the random samples: the same seed draws the same items on every machine. Default 0. */
  seed?: number;
}

/** What a subset is drawn from: anything with a class label. */
export interface Labelled {
  label: number;
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

/**
 * The chosen items: 'first' and 'random' in their original order (so a subset of a sorted dataset stays sorted),
 * 'stratified' taking the classes in turn, so that any first part of it (the statistics images) covers them too.
 */
export function selectSubset<T extends Labelled>(items: readonly T[], options: SubsetOptions): T[] {
  return pickIndices(items, options, 'subset', datasetShortfall).map((index) => items[index]);
}

export interface CalibrationAndTestOptions {
  test: SubsetOptions;
  calibration: SubsetOptions;
}

/** The test subset is drawn first; calibration is drawn from the rest, so no image is in both. */
export function selectCalibrationAndTest<T extends Labelled>(
  items: readonly T[],
  options: CalibrationAndTestOptions,
): { test: T[]; calibration: T[] } {
  const testIndices = pickIndices(items, options.test, 'test subset', datasetShortfall);
  const inTest = new Set(testIndices);
  const rest = items.filter((_, index) => !inTest.has(index));
  const calibrationShortfall = (available: number) =>
    `only ${available} remain after the ${testIndices.length}-image test subset`;
  const calibrationIndices = pickIndices(
    rest,
    options.calibration,
    'calibration subset',
    calibrationShortfall,
  );
  return {
    test: testIndices.map((index) => items[index]),
    calibration: calibrationIndices.map((index) => rest[index]),
  };
}

/** Indices of the chosen items, in the order `selectSubset` gives; `shortfall` says what there is when too few. */
function pickIndices(
  items: readonly Labelled[],
  { count, sample, seed = 0 }: SubsetOptions,
  what: string,
  shortfall: (available: number) => string,
): number[] {
  const available = items.length;
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
  if (sample === 'stratified') return drawStratified(items, count, seed);
  return drawIndices(available, count, seed).sort((a, b) => a - b);
}

/**
 * Each class's share of `count` in proportion to its size (largest remainders, ties broken by the seed so that
 * no class is always the one favoured), drawn uniformly within the class; returned one class after another in
 * rounds: the first item of every class, then the second, …
 */
function drawStratified(items: readonly Labelled[], count: number, seed: number): number[] {
  const members = new Map<number, number[]>();
  items.forEach(({ label }, index) => {
    const indices = members.get(label);
    if (indices) indices.push(index);
    else members.set(label, [index]);
  });
  const classes = [...members.values()].sort((a, b) => items[a[0]].label - items[b[0]].label);
  const next = splitMix32(seed);
  const exact = classes.map((indices) => (count * indices.length) / items.length);
  const quotas = exact.map(Math.floor);
  const tieBreak = classes.map(() => next());
  const classSeeds = classes.map(() => next());
  const byRemainder = classes
    .map((_, c) => c)
    .sort((a, b) => exact[b] - quotas[b] - (exact[a] - quotas[a]) || tieBreak[a] - tieBreak[b]);
  for (let extra = count - quotas.reduce((sum, q) => sum + q, 0), i = 0; extra > 0; extra--, i++) {
    quotas[byRemainder[i]]++;
  }
  const drawn = classes.map((indices, c) =>
    drawIndices(indices.length, quotas[c], classSeeds[c])
      .sort((a, b) => a - b)
      .map((position) => indices[position]),
  );
  const rounds = Math.max(0, ...quotas);
  const order: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const picked of drawn) if (round < picked.length) order.push(picked[round]);
  }
  return order;
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
