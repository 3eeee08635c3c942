// State changes of runs and sweeps: each checked and applied in one transaction, and the start-up sweep that
// marks as interrupted whatever a dead process left running.
import type Database from 'better-sqlite3';
import { nowIso } from './clock';
import { found } from './errors';
import { assertActionAllowed, parseLifecycleState, type LifecycleAction } from './lifecycle-state';
import { currentOwner, ownerStatus, type ProcessOwner } from './owner';

/** The state changes runs and sweeps share; each returns the record as it is afterwards. */
export interface LifecycleMethods<Id extends string | number, Entity> {
  /** queued or interrupted → running, owned by the given process (this one unless told otherwise). */
  start(id: Id, owner?: ProcessOwner): Entity;
  /** running → finished. */
  finish(id: Id): Entity;
  /** queued, running or interrupted → failed, keeping the message. */
  fail(id: Id, message: string): Entity;
  /** queued, running or interrupted → cancelled. */
  cancel(id: Id): Entity;
  /**
   * Call at start-up: running → interrupted where the owner process on this host has died; returns how many
   * were marked. Rows owned by live processes, or by processes on other hosts, are left running.
   */
  markInterrupted(): number;
}

/** Columns shared by the tables whose rows have a lifecycle. */
export interface OwnerColumns {
  owner_host: string | null;
  owner_pid: number | null;
  owner_token: string | null;
}

export function ownerFromColumns(row: OwnerColumns): ProcessOwner | null {
  if (row.owner_host === null || row.owner_pid === null || row.owner_token === null) return null;
  return Object.freeze({ host: row.owner_host, pid: row.owner_pid, token: row.owner_token });
}

const ASSIGNMENTS: Readonly<Record<LifecycleAction, string>> = {
  // A resumed run keeps its first start time; the new owner replaces the dead one.
  start: `state = 'running', started_at = coalesce(started_at, @now), finished_at = NULL, error = NULL,
          owner_host = @host, owner_pid = @pid, owner_token = @token`,
  finish: `state = 'finished', finished_at = @now`,
  fail: `state = 'failed', finished_at = @now, error = @error`,
  cancel: `state = 'cancelled', finished_at = @now`,
};

interface TransitionParams {
  id: string | number;
  now: string;
  host: string | null;
  pid: number | null;
  token: string | null;
  error: string | null;
}

export function createLifecycle<Id extends string | number, Entity>(
  db: Database.Database,
  table: 'runs' | 'sweeps',
  noun: 'run' | 'sweep',
  read: (id: Id) => Entity,
): LifecycleMethods<Id, Entity> {
  const selectState = db.prepare<[Id], { state: string }>(`SELECT state FROM ${table} WHERE id = ?`);
  const updates = Object.fromEntries(
    Object.entries(ASSIGNMENTS).map(([action, assignments]) => [
      action,
      db.prepare<TransitionParams>(`UPDATE ${table} SET ${assignments}, updated_at = @now WHERE id = @id`),
    ]),
  );
  const selectRunning = db.prepare<[], OwnerColumns & { id: Id }>(
    `SELECT id, owner_host, owner_pid, owner_token FROM ${table} WHERE state = 'running'`,
  );
  const interrupt = db.prepare<[string, Id]>(
    `UPDATE ${table} SET state = 'interrupted', updated_at = ? WHERE id = ? AND state = 'running'`,
  );

  const transition = db.transaction(
    (id: Id, action: LifecycleAction, owner: ProcessOwner | null, error: string | null): Entity => {
      const { state } = found(selectState.get(id), `${noun} ${id}`);
      assertActionAllowed(`${noun} ${id}`, parseLifecycleState(state), action);
      updates[action].run({ id, now: nowIso(), host: null, pid: null, token: null, ...owner, error });
      return read(id);
    },
  );

  const markInterrupted = db.transaction((): number => {
    const now = nowIso();
    // A running row without an owner cannot belong to a live process: every start records one.
    const orphans = selectRunning.all().filter((row) => {
      const owner = ownerFromColumns(row);
      return owner === null || ownerStatus(owner) === 'dead';
    });
    return orphans.reduce((marked, row) => marked + interrupt.run(now, row.id).changes, 0);
  });

  return {
    start: (id, owner = currentOwner()) => transition.immediate(id, 'start', owner, null),
    finish: (id) => transition.immediate(id, 'finish', null, null),
    fail: (id, message) => transition.immediate(id, 'fail', null, message),
    cancel: (id) => transition.immediate(id, 'cancel', null, null),
    markInterrupted: () => markInterrupted.immediate(),
  };
}
