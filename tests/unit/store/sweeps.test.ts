// Sweeps: their lifecycle and the one-run-per-point rule that lets a resumed sweep skip finished points.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src-main/store/index';
import { expectStoreError } from './assertions';
import { createRun, seedCatalog, type Catalog } from './fixtures';

let store: Store;
let catalog: Catalog;
beforeEach(() => {
  store = openStore(':memory:');
  catalog = seedCatalog(store);
});
afterEach(() => store.close());

function createSweep(name = 'adc bits') {
  return store.sweeps.create({
    projectId: catalog.project.id,
    name,
    spec: { grid: { 'adc.bits': [4, 6, 8] } },
  });
}

describe('sweeps', () => {
  it('are created queued and read back', () => {
    const sweep = createSweep();
    expect(sweep).toMatchObject({
      state: 'queued',
      name: 'adc bits',
      spec: { grid: { 'adc.bits': [4, 6, 8] } },
    });
    expect(store.sweeps.get(sweep.id)).toEqual(sweep);
    expect(store.sweeps.get(sweep.id + 1)).toBeUndefined();
  });

  it('list newest first, filtered by project and state', () => {
    const first = createSweep('first');
    const second = store.sweeps.start(createSweep('second').id);
    expect(store.sweeps.list().map((sweep) => sweep.id)).toEqual([second.id, first.id]);
    expect(store.sweeps.list({ state: 'running' }).map((sweep) => sweep.id)).toEqual([second.id]);
    expect(store.sweeps.list({ projectId: catalog.project.id + 1 })).toEqual([]);
  });

  it('move through the same states as runs', () => {
    const started = store.sweeps.start(createSweep().id);
    expect(started.owner?.pid).toBe(process.pid);
    expect(store.sweeps.finish(started.id).state).toBe('finished');
    expect(store.sweeps.fail(createSweep().id, 'no model').error).toBe('no model');
    expect(store.sweeps.cancel(createSweep().id).state).toBe('cancelled');
    expectStoreError(() => store.sweeps.start(started.id), 'invalid-state');
    expectStoreError(() => store.sweeps.finish(9999), 'not-found');
  });

  it('find the run of a point whatever the key order of its parameters', () => {
    const sweep = createSweep();
    const run = createRun(store, catalog, {
      sweepPoint: { sweepId: sweep.id, point: { 'adc.bits': 4, noise: { read: 0.01, prog: 0.02 } } },
    });
    expect(run.point).toEqual({ 'adc.bits': 4, noise: { prog: 0.02, read: 0.01 } });
    const found = store.sweeps.pointRun(sweep.id, { noise: { prog: 0.02, read: 0.01 }, 'adc.bits': 4 });
    expect(found?.id).toBe(run.id);
    expect(store.sweeps.pointRun(sweep.id, { 'adc.bits': 6 })).toBeUndefined();
  });

  it('allow one run per point', () => {
    const sweep = createSweep();
    const sweepPoint = { sweepId: sweep.id, point: { 'adc.bits': 4 } };
    createRun(store, catalog, { sweepPoint });
    expect(expectStoreError(() => createRun(store, catalog, { sweepPoint }), 'constraint').message).toContain(
      'UNIQUE',
    );
  });

  it('delete their runs with them', () => {
    const sweep = createSweep();
    const run = createRun(store, catalog, { sweepPoint: { sweepId: sweep.id, point: { 'adc.bits': 4 } } });
    const standalone = createRun(store, catalog);
    store.sweeps.delete(sweep.id);
    expect(store.runs.get(run.id)).toBeUndefined();
    expect(store.runs.get(standalone.id)).toBeDefined();
  });
});
