// What the kill-safety writer records for each batch, shared so the test can check every stored value.
import type { ArrayStats, BatchResult } from '../../../src-main/store/index';

export const BATCHES_PER_TRIAL = 25;
export const ARRAYS_PER_TRIAL = 12;
export const IMAGES_PER_BATCH = 10;

/** The sequence-th batch the writer records (0, 1, …): trials of BATCHES_PER_TRIAL batches, one after another. */
export function expectedBatch(sequence: number): BatchResult & Required<Pick<BatchResult, 'skipped'>> {
  const batchIndex = sequence % BATCHES_PER_TRIAL;
  return {
    kind: 'analog',
    trialIndex: Math.floor(sequence / BATCHES_PER_TRIAL),
    batchIndex,
    images: IMAGES_PER_BATCH,
    correctTop1: sequence % (IMAGES_PER_BATCH + 1),
    correctTop5: IMAGES_PER_BATCH,
    agreeTop1: (sequence * 7) % (IMAGES_PER_BATCH + 1),
    skipped: sequence % 3 === 0 ? [{ file: `image-${sequence}.png`, reason: 'truncated' }] : [],
  };
}

export function trialArrayStats(trialIndex: number, count: number): ArrayStats[] {
  return Array.from({ length: count }, (_, index) => ({
    trialIndex,
    layer: `layer${index % 3}`,
    rowPartition: index,
    colPartition: 0,
    slice: 0,
    nrmsError: index / 100,
    clippedFraction: 0,
    progErrorRms: 0.01,
    meanConductance: 10,
    meanColumnCurrent: 1e-6,
    columnClipping: [(index % 10) / 10],
    irDrop: index % 2 === 0 ? index / 1000 : null,
    solverResidual: index % 2 === 0 ? 1e-12 : null,
  }));
}
