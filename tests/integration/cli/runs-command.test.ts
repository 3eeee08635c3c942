// `crossbar runs`: a sweep that is not in the store is a bad request (exit 2), not a sweep without runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../../bin/crossbar.js');

function crossbar(args: string[]) {
  const env = { ...process.env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'cb-cache-')) };
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env });
}

describe('crossbar runs', () => {
  it.each([[[]], [['--json']]])('names an unknown --sweep and exits 2 (%j)', (flags) => {
    const db = join(mkdtempSync(join(tmpdir(), 'cb-runs-')), 'runs.db');
    const result = crossbar(['runs', '--sweep', '99', '--db', db, ...flags]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('crossbar runs: --sweep 99: no sweep 99 in this store\n');
    expect(result.stdout).toBe('');
  });

  it('still lists an empty store', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'cb-runs-')), 'runs.db');
    const result = crossbar(['runs', '--db', db]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('no runs stored\n');
  });
});
