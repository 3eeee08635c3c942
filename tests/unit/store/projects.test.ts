// Projects: create, read, rename, archive, delete (with everything under them), and the default project.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src-main/store/index';
import { expectStoreError } from './assertions';
import { createRun, seedCatalog } from './fixtures';

describe('projects', () => {
  let store: Store;
  beforeEach(() => {
    store = openStore(':memory:');
  });
  afterEach(() => store.close());

  it('creates and reads back frozen records', () => {
    const project = store.projects.create('Lab A');
    expect(project).toMatchObject({ name: 'Lab A', archived: false });
    expect(project.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Object.isFrozen(project)).toBe(true);
    expect(store.projects.get(project.id)).toEqual(project);
    expect(store.projects.get(project.id + 1)).toBeUndefined();
  });

  it('refuses a duplicate or empty name', () => {
    store.projects.create('Lab A');
    expect(expectStoreError(() => store.projects.create('Lab A'), 'constraint').message).toContain('UNIQUE');
    expectStoreError(() => store.projects.create(''), 'constraint');
  });

  it('creates the default project once', () => {
    const first = store.projects.ensureDefault();
    const second = store.projects.ensureDefault();
    expect(first.name).toBe('Default');
    expect(second).toEqual(first);
    expect(store.projects.list()).toHaveLength(1);
  });

  it('renames', () => {
    const project = store.projects.create('old');
    expect(store.projects.rename(project.id, 'new').name).toBe('new');
    expect(store.projects.get(project.id)?.name).toBe('new');
  });

  it('archives and lists archived projects only when asked', () => {
    const kept = store.projects.create('kept');
    const archived = store.projects.archive(store.projects.create('old').id);
    expect(archived.archived).toBe(true);
    expect(store.projects.list().map((project) => project.id)).toEqual([kept.id]);
    expect(store.projects.list({ includeArchived: true }).map((project) => project.id)).toEqual([
      kept.id,
      archived.id,
    ]);
    expect(store.projects.archive(archived.id, false).archived).toBe(false);
  });

  it('deletes a project with its datasets, runs and their results', () => {
    const catalog = seedCatalog(store);
    const run = createRun(store, catalog);
    store.runs.start(run.id);
    store.runs.recordBatch(run.id, {
      kind: 'digital',
      trialIndex: 0,
      batchIndex: 0,
      images: 1,
      correctTop1: 1,
      correctTop5: 1,
    });
    store.events.add(run.id, 'info', 'started');

    store.projects.delete(catalog.project.id);
    expect(store.projects.get(catalog.project.id)).toBeUndefined();
    expect(store.datasets.get(catalog.dataset.id)).toBeUndefined();
    expect(store.models.get(catalog.model.id)).toBeUndefined();
    expect(store.runs.get(run.id)).toBeUndefined();
    expect(store.events.list(run.id)).toEqual([]);
    expect(store.check()).toEqual([]);
  });

  it('reports a missing project by id', () => {
    expect(expectStoreError(() => store.projects.rename(404, 'x'), 'not-found').message).toBe(
      'project 404 does not exist',
    );
    expectStoreError(() => store.projects.archive(404), 'not-found');
    expectStoreError(() => store.projects.delete(404), 'not-found');
  });
});
