// Which process owns a running run or sweep, and whether that process is still alive.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * A process on a host. The token is drawn once per process: if a dead owner's pid has been reused by *this*
 * process, the token tells the two apart. Reuse by some other process cannot be detected; such a run stays
 * 'running' until that process exits and the next start-up check runs.
 */
export interface ProcessOwner {
  readonly host: string;
  readonly pid: number;
  readonly token: string;
}

export type OwnerStatus = 'alive' | 'dead' | 'unknown';

const self: ProcessOwner = Object.freeze({ host: hostname(), pid: process.pid, token: randomUUID() });

export function currentOwner(): ProcessOwner {
  return self;
}

/** 'unknown' for another host: its processes cannot be probed from here, so its runs are left alone. */
export function ownerStatus(owner: ProcessOwner): OwnerStatus {
  if (owner.host !== self.host) return 'unknown';
  if (owner.pid === self.pid) return owner.token === self.token ? 'alive' : 'dead';
  try {
    process.kill(owner.pid, 0);
    return 'alive';
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : 'dead';
  }
}
