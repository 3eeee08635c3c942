// A database the app must not or cannot write: refused with a message naming the file, and nothing lost.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { JobQueue } from '../../../src-main/app/queue/job-queue';
import { openStore } from '../../../src-main/store';

const CLI = join(import.meta.dirname, '../../../bin/crossbar.js');
const cache = mkdtempSync(join(tmpdir(), 'cb-cache-'));
const env = { ...process.env, XDG_CACHE_HOME: cache };
const folder = () => mkdtempSync(join(tmpdir(), 'cb-fail-'));
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function crossbar(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env });
}

describe('store failures', () => {
  it.each([
    [
      'a file that is not SQLite',
      (file: string) => writeFileSync(file, 'not a database at all '.repeat(100)),
    ],
    [
      "another application's SQLite file",
      (file: string) => {
        const db = new Database(file);
        db.exec(
          'CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);',
        );
        db.close();
      },
    ],
  ])('serve refuses %s by name and leaves it untouched', (_what, make) => {
    const file = join(folder(), 'other.db');
    make(file);
    const before = digest(file);
    const result = crossbar(['serve', '--db', file, '--port', '0']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toMatch(/not a Crossbar Studio database/);
    expect(digest(file)).toBe(before);
  });

  it('serve refuses a database it may not write, by name, and leaves it untouched', (context) => {
    // Root may write anything, so the check runs as an unprivileged user where the test itself is root; that user
    // must be able to read the checkout (a clone in a private temporary folder is not readable to it).
    const asRoot = process.getuid?.() === 0;
    const unprivileged = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath];
    if (
      asRoot &&
      spawnSync(unprivileged[0], [
        ...unprivileged.slice(1),
        '-e',
        `require('fs').accessSync(${JSON.stringify(CLI)})`,
      ]).status !== 0
    ) {
      context.skip('running as root in a checkout an unprivileged user cannot read');
    }
    const dir = folder();
    const file = join(dir, 'shared.db');
    expect(crossbar(['runs', '--db', file]).status).toBe(0);
    const before = digest(file);
    chmodSync(dir, 0o755);
    chmodSync(file, asRoot ? 0o644 : 0o444);
    const command = asRoot ? unprivileged : [process.execPath];
    const result = spawnSync(command[0], [...command.slice(1), CLI, 'serve', '--db', file, '--port', '0'], {
      encoding: 'utf8',
      env: { ...env, HOME: tmpdir(), XDG_CACHE_HOME: folder() },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file} cannot be written`);
    expect(digest(file)).toBe(before);
  });

  it('a disk that fills up during a run (a file-size limit) loses nothing stored, and the run resumes', async () => {
    const dir = folder();
    const file = join(dir, 'full.db');
    // Programming error makes the three trials differ, so all three are run (and resumed).
    const config = join(dir, 'noisy.json');
    writeFileSync(
      config,
      JSON.stringify({ device: { programmingError: { model: 'state-independent', alpha: 0.02 } } }),
    );
    const first = crossbar(['run', '--limit', '100', '--db', file, '--json']);
    expect(first.status, first.stderr).toBe(0);
    const firstRun = JSON.parse(first.stdout) as { runId: string; digital: { top1: number } };
    // Warm the image cache so that only the database needs to grow.
    expect(crossbar(['run', '--limit', '600', '--db', join(folder(), 'warm.db')]).status).toBe(0);

    // SIGXFSZ ignored, so that writing past the limit fails with EFBIG as on a full disk instead of killing.
    const limitKb = Math.ceil(statSync(file).size / 1024) + 40;
    const full = spawnSync(
      'bash',
      [
        '-c',
        `trap '' XFSZ; ulimit -f ${limitKb}; exec "$0" "$@"`,
        process.execPath,
        CLI,
        ...'run --trials 3 --limit 600 --config'.split(' '),
        config,
        '--db',
        file,
      ],
      { encoding: 'utf8', env },
    );
    expect(full.status).toBe(1);
    expect(full.stderr).toContain(`${file} could not be written`);
    expect(full.stderr).toMatch(/disk may be full/);

    const store = openStore(file);
    try {
      expect(store.check()).toEqual([]);
      const kept = store.runs.get(firstRun.runId)!;
      expect(kept.state).toBe('finished');
      expect(store.runs.progress(kept.id).trials[0].top1).toBe(firstRun.digital.top1);
      // The run the full disk stopped could not even record its failure: it is found interrupted and, with room
      // again, resumed to its end.
      const queue = new JobQueue(store, { cacheDir: cache, pool: { workers: 1, threadsPerWorker: 2 } });
      const stopped = queue.interrupted().runs;
      expect(stopped).toHaveLength(1);
      const done = await queue.whenDone(queue.resumeRun(stopped[0].id).id);
      await queue.close();
      expect(done.state).toBe('finished');
      expect(store.runs.progress(stopped[0].id).trials.filter((t) => t.kind === 'analog')).toHaveLength(3);
    } finally {
      store.close();
    }
  });
});
