// The states a run or sweep moves through, and which transitions each action allows.
import { StoreError } from './errors';

export const LIFECYCLE_STATES = [
  'queued',
  'running',
  'interrupted',
  'cancelled',
  'failed',
  'finished',
] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

export type LifecycleAction = 'start' | 'finish' | 'fail' | 'cancel';

const ALLOWED_FROM: Readonly<Record<LifecycleAction, readonly LifecycleState[]>> = {
  start: ['queued', 'interrupted'],
  finish: ['running'],
  fail: ['queued', 'running', 'interrupted'],
  cancel: ['queued', 'running', 'interrupted'],
};

/** Finished states are terminal: nothing restarts them. 'interrupted' is not finished, it can be resumed. */
export function isFinished(state: LifecycleState): boolean {
  return state === 'cancelled' || state === 'failed' || state === 'finished';
}

export function parseLifecycleState(text: string): LifecycleState {
  const state = LIFECYCLE_STATES.find((known) => known === text);
  if (state === undefined) throw new StoreError('corrupt', `unknown state "${text}" in the database`);
  return state;
}

export function assertActionAllowed(what: string, state: LifecycleState, action: LifecycleAction): void {
  if (ALLOWED_FROM[action].includes(state)) return;
  throw new StoreError(
    'invalid-state',
    `cannot ${action} ${what}: it is ${state} (${action} needs ${ALLOWED_FROM[action].join(' or ')})`,
  );
}
