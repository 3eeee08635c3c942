// Models, datasets, hardware configs and calibrations: the things runs refer to, upserted by natural key.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type ModelInput, type Store } from '../../../src-main/store/index';
import { expectStoreError } from './assertions';
import { createRun, seedCatalog } from './fixtures';

let store: Store;
beforeEach(() => {
  store = openStore(':memory:');
});
afterEach(() => store.close());

function modelInput(overrides: Partial<ModelInput> = {}): ModelInput {
  return {
    projectId: null,
    name: 'mobilenet',
    path: '/models/mobilenet.onnx',
    sha256: 'cd'.repeat(32),
    inputInfo: { shape: [1, 3, 224, 224] },
    ...overrides,
  };
}

describe('models', () => {
  it('upserts by project and content hash, updating name and path', () => {
    const project = store.projects.ensureDefault();
    const first = store.models.upsert(modelInput({ projectId: project.id }));
    const moved = store.models.upsert(
      modelInput({ projectId: project.id, name: 'renamed', path: '/moved.onnx' }),
    );
    expect(moved.id).toBe(first.id);
    expect(moved).toMatchObject({ name: 'renamed', path: '/moved.onnx', createdAt: first.createdAt });
    expect(Object.isFrozen(moved.inputInfo)).toBe(true);
  });

  it('treats shared models (no project) as one key too', () => {
    const shared = store.models.upsert(modelInput());
    expect(store.models.upsert(modelInput({ name: 'again' })).id).toBe(shared.id);
    const project = store.projects.ensureDefault();
    const inProject = store.models.upsert(modelInput({ projectId: project.id }));
    expect(inProject.id).not.toBe(shared.id);

    expect(store.models.findByHash(null, shared.sha256)?.id).toBe(shared.id);
    expect(store.models.findByHash(project.id, shared.sha256)?.id).toBe(inProject.id);
    expect(store.models.list({ projectId: null }).map((model) => model.id)).toEqual([shared.id]);
    expect(store.models.list({ projectId: project.id }).map((model) => model.id)).toEqual([inProject.id]);
    expect(store.models.list()).toHaveLength(2);
  });

  it('refuses a hash that is not SHA-256 hex length', () => {
    expectStoreError(() => store.models.upsert(modelInput({ sha256: 'short' })), 'constraint');
  });

  it('refuses to delete a model that runs refer to', () => {
    const catalog = seedCatalog(store);
    createRun(store, catalog);
    expect(expectStoreError(() => store.models.delete(catalog.model.id), 'constraint').message).toContain(
      'FOREIGN KEY',
    );
    const unused = store.models.upsert(modelInput());
    store.models.delete(unused.id);
    expect(store.models.get(unused.id)).toBeUndefined();
    expectStoreError(() => store.models.delete(unused.id), 'not-found');
  });
});

describe('datasets', () => {
  it('upserts by project and root, refreshing the counts', () => {
    const { project, dataset } = seedCatalog(store);
    const rescanned = store.datasets.upsert({ ...dataset, imageCount: 999, name: 'val' });
    expect(rescanned).toMatchObject({ id: dataset.id, imageCount: 999, name: 'val', projectId: project.id });
    const other = store.datasets.upsert({ ...dataset, root: '/data/other' });
    expect(store.datasets.list(project.id).map((entry) => entry.id)).toEqual([dataset.id, other.id]);
    store.datasets.delete(other.id);
    expect(store.datasets.get(other.id)).toBeUndefined();
  });

  it('refuses negative counts', () => {
    const { dataset } = seedCatalog(store);
    expectStoreError(() => store.datasets.upsert({ ...dataset, imageCount: -1 }), 'constraint');
  });
});

describe('hardware configs', () => {
  it('saves by name, replacing the config saved under the same name', () => {
    const project = store.projects.ensureDefault();
    const first = store.hardwareConfigs.save({
      projectId: project.id,
      name: 'PCM 8-bit',
      config: { bits: 8 },
    });
    const replaced = store.hardwareConfigs.save({
      projectId: project.id,
      name: 'PCM 8-bit',
      config: { bits: 6 },
    });
    expect(replaced.id).toBe(first.id);
    expect(replaced.config).toEqual({ bits: 6 });
    const other = store.hardwareConfigs.save({ projectId: project.id, name: 'A RRAM', config: {} });
    expect(store.hardwareConfigs.list(project.id).map((config) => config.name)).toEqual([
      'A RRAM',
      'PCM 8-bit',
    ]);
    store.hardwareConfigs.delete(other.id);
    expect(store.hardwareConfigs.get(other.id)).toBeUndefined();
  });
});

describe('calibrations', () => {
  it('puts and replaces ranges by key', () => {
    expect(store.calibrations.get('k')).toBeUndefined();
    store.calibrations.put('k', { conv1: [-1, 1] });
    const replaced = store.calibrations.put('k', { conv1: [-2, 2] });
    expect(replaced.ranges).toEqual({ conv1: [-2, 2] });
    expect(store.calibrations.get('k')?.ranges).toEqual({ conv1: [-2, 2] });
  });
});
