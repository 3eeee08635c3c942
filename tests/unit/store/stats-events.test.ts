// Per-layer and per-array statistics, and the run event log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type ArrayStats, type Run, type Store } from '../../../src-main/store/index';
import { expectStoreError } from './assertions';
import { createRun, seedCatalog } from './fixtures';

let store: Store;
let run: Run;
beforeEach(() => {
  store = openStore(':memory:');
  run = createRun(store, seedCatalog(store));
});
afterEach(() => store.close());

function arrayStats(overrides: Partial<ArrayStats> = {}): ArrayStats {
  return {
    trialIndex: 0,
    layer: 'conv1',
    rowPartition: 0,
    colPartition: 0,
    slice: 0,
    nrmsError: 0.05,
    clippedFraction: 0.001,
    progErrorRms: 0.02,
    meanConductance: 12.5,
    meanColumnCurrent: 3.2e-6,
    columnClipping: [0, 0.002, 0.001],
    irDrop: 0.031,
    solverResidual: 4e-12,
    ...overrides,
  };
}

describe('layer stats', () => {
  it('records, replaces in place (recorded order kept) and filters by trial; NaN reads back as null', () => {
    store.stats.recordLayers(run.id, [
      { trialIndex: 0, layer: 'fc', metrics: { nrms: 0.1 } },
      { trialIndex: 0, layer: 'conv1', metrics: { nrms: 0.2, snr: Number.NaN } },
      { trialIndex: 1, layer: 'conv1', metrics: { nrms: 0.3 } },
    ]);
    store.stats.recordLayers(run.id, [{ trialIndex: 0, layer: 'fc', metrics: { nrms: 0.15 } }]);
    expect(store.stats.layers(run.id, 0)).toEqual([
      { trialIndex: 0, layer: 'fc', metrics: { nrms: 0.15 } },
      { trialIndex: 0, layer: 'conv1', metrics: { nrms: 0.2, snr: null } },
    ]);
    expect(store.stats.layers(run.id)).toHaveLength(3);
  });
});

describe('array stats', () => {
  it('records, replaces in place, and orders by trial, layer as first recorded, partition and slice', () => {
    store.stats.recordArrays(run.id, [
      arrayStats({ layer: 'stem', rowPartition: 1 }),
      arrayStats({ slice: 1 }),
      arrayStats({ rowPartition: 1 }),
      arrayStats(),
      arrayStats({ layer: 'stem' }),
      arrayStats({ trialIndex: 1, nrmsError: Number.NaN }),
    ]);
    store.stats.recordArrays(run.id, [
      arrayStats({ nrmsError: 0.5 }),
      arrayStats({ layer: 'stem', nrmsError: 0.25 }),
    ]);
    const trial0 = store.stats.arrays(run.id, 0);
    expect(trial0.map((entry) => [entry.layer, entry.rowPartition, entry.slice, entry.nrmsError])).toEqual([
      ['stem', 0, 0, 0.25],
      ['stem', 1, 0, 0.05],
      [arrayStats().layer, 0, 0, 0.5],
      [arrayStats().layer, 0, 1, 0.05],
      [arrayStats().layer, 1, 0, 0.05],
    ]);
    expect(store.stats.arrays(run.id, 1)[0].nrmsError).toBeNull();
    expect(trial0[0].columnClipping).toEqual([0, 0.002, 0.001]);
    expect([trial0[0].irDrop, trial0[0].solverResidual]).toEqual([0.031, 4e-12]);
    store.stats.recordArrays(run.id, [
      arrayStats({ layer: 'ideal-adc', columnClipping: null, irDrop: null, solverResidual: null }),
    ]);
    const ideal = store.stats.arrays(run.id, 0).find((a) => a.layer === 'ideal-adc')!;
    expect([ideal.columnClipping, ideal.irDrop, ideal.solverResidual]).toEqual([null, null, null]);
  });

  it('records all or nothing', () => {
    expectStoreError(
      () => store.stats.recordArrays(run.id, [arrayStats(), arrayStats({ slice: 1, rowPartition: -1 })]),
      'constraint',
    );
    expect(store.stats.arrays(run.id)).toEqual([]);
  });
});

describe('run events', () => {
  it('adds and lists oldest first, or the latest few', () => {
    const first = store.events.add(run.id, 'info', 'calibrating');
    store.events.add(run.id, 'warn', 'skipped 2 images');
    store.events.add(run.id, 'error', 'out of memory');
    expect(first).toMatchObject({ runId: run.id, level: 'info', message: 'calibrating' });
    expect(store.events.list(run.id).map((event) => event.message)).toEqual([
      'calibrating',
      'skipped 2 images',
      'out of memory',
    ]);
    expect(store.events.list(run.id, { limit: 2 }).map((event) => event.level)).toEqual(['warn', 'error']);
  });

  it('refuses events for an unknown run', () => {
    expectStoreError(() => store.events.add('missing', 'info', 'x'), 'constraint');
  });
});
