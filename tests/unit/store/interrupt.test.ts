// Start-up recovery: runs and sweeps left running by a dead process become interrupted, others are left alone.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentOwner, openStore, type ProcessOwner, type Store } from '../../../src-main/store/index';
import { ownerStatus } from '../../../src-main/store/owner';
import { createRun, seedCatalog, type Catalog } from './fixtures';

/** The pid of a process that has exited and been reaped. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('could not spawn a process');
  return child.pid;
}

const owners: Record<string, () => ProcessOwner> = {
  'this process': () => currentOwner(),
  'a live process on this host': () => ({ host: hostname(), pid: process.ppid, token: 'parent' }),
  'a process on another host': () => ({ host: `not-${hostname()}`, pid: 1, token: 'elsewhere' }),
  'a dead process': () => ({ host: hostname(), pid: deadPid(), token: 'gone' }),
  'an earlier process with this pid': () => ({ ...currentOwner(), token: 'earlier' }),
};

describe('ownerStatus', () => {
  it.each([
    ['this process', 'alive'],
    ['a live process on this host', 'alive'],
    ['a process on another host', 'unknown'],
    ['a dead process', 'dead'],
    ['an earlier process with this pid', 'dead'],
  ])('says %s is %s', (owner, status) => {
    expect(ownerStatus(owners[owner]())).toBe(status);
  });
});

describe('markInterrupted', () => {
  let store: Store;
  let catalog: Catalog;
  beforeEach(() => {
    store = openStore(':memory:');
    catalog = seedCatalog(store);
  });
  afterEach(() => store.close());

  it('interrupts only the runs whose owner died', () => {
    const runs = Object.entries(owners).map(([name, owner]) => {
      const run = store.runs.start(createRun(store, catalog).id, owner());
      return [name, run.id] as const;
    });
    const untouched = createRun(store, catalog);

    expect(store.runs.markInterrupted()).toBe(2);
    const states = Object.fromEntries(runs.map(([name, id]) => [name, store.runs.get(id)?.state]));
    expect(states).toEqual({
      'this process': 'running',
      'a live process on this host': 'running',
      'a process on another host': 'running',
      'a dead process': 'interrupted',
      'an earlier process with this pid': 'interrupted',
    });
    expect(store.runs.get(untouched.id)?.state).toBe('queued');
    expect(store.runs.markInterrupted()).toBe(0);
  });

  it('interrupts sweeps the same way', () => {
    const sweep = (owner: ProcessOwner) =>
      store.sweeps.start(
        store.sweeps.create({ projectId: catalog.project.id, name: 's', spec: {} }).id,
        owner,
      );
    const orphan = sweep(owners['a dead process']());
    const live = sweep(currentOwner());
    expect(store.sweeps.markInterrupted()).toBe(1);
    expect(store.sweeps.get(orphan.id)?.state).toBe('interrupted');
    expect(store.sweeps.get(live.id)?.state).toBe('running');
  });
});
