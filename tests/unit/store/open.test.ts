// Opening databases: new, reopened, and every kind of file the store must refuse without changing it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore } from '../../../src-main/store/index';
import { APPLICATION_ID } from '../../../src-main/store/schema';
import { expectStoreError } from './assertions';
import { useTempDir } from './temp-dir';

const latest = MIGRATIONS.length;
const isRoot = process.getuid?.() === 0;

/** Returns the bytes of every file in the folder, to prove a refused open changed nothing. */
function snapshotFolder(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir).map((name) => [name, readFileSync(join(dir, name)).toString('hex')]),
  );
}

/** Deterministic pseudo-random bytes, so a failure can be reproduced. */
function pseudoRandomBytes(seed: number, length: number): Buffer {
  let state = seed;
  return Buffer.from(
    Array.from({ length }, () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state & 0xff;
    }),
  );
}

describe('openStore', () => {
  const tempDir = useTempDir();

  it('creates the file and its missing folders, migrated to the latest schema in WAL mode', () => {
    const file = join(tempDir(), 'nested', 'deeper', 'studio.db');
    const store = openStore(file);
    expect(store.schemaVersion).toBe(latest);
    expect(store.file).toBe(file);
    store.close();

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(latest);
    expect(raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    raw.close();
  });

  it('works in memory', () => {
    const store = openStore(':memory:');
    expect(store.schemaVersion).toBe(latest);
    expect(store.projects.ensureDefault().name).toBe('Default');
    expect(store.check()).toEqual([]);
    store.close();
  });

  it('keeps data across reopening', () => {
    const file = join(tempDir(), 'studio.db');
    const first = openStore(file);
    first.projects.create('kept');
    first.close();
    const second = openStore(file);
    expect(second.projects.list().map((project) => project.name)).toEqual(['kept']);
    second.close();
  });

  it('enforces foreign keys', () => {
    const store = openStore(':memory:');
    const error = expectStoreError(
      () =>
        store.datasets.upsert({
          projectId: 99,
          name: 'd',
          root: '/d',
          layout: 'x',
          labelsFile: null,
          imageCount: 1,
          classCount: 1,
        }),
      'constraint',
    );
    expect(error.message).toContain('FOREIGN KEY');
    store.close();
  });

  it.each([
    ['random bytes', pseudoRandomBytes(7, 4096)],
    ['a text file', Buffer.from('name,label\ncat.png,3\n'.repeat(40))],
    ['a short text file', Buffer.from('hi\n')],
  ])('refuses %s as not a database and leaves it unchanged', (_label, bytes) => {
    const dir = tempDir();
    const file = join(dir, 'not-a-db.db');
    writeFileSync(file, bytes);
    const before = snapshotFolder(dir);

    const error = expectStoreError(() => openStore(file), 'not-a-database');
    expect(error.message).toBe(`${file} is not a Crossbar Studio database (file is not a database)`);
    expect(snapshotFolder(dir)).toEqual(before);
  });

  it.each([
    ['tables of its own', "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello');"],
    ['only a user_version', 'PRAGMA user_version = 1;'],
    ['another application id', 'PRAGMA application_id = 1234;'],
  ])('refuses a foreign SQLite database with %s and leaves it unchanged', (_label, sql) => {
    const dir = tempDir();
    const file = join(dir, 'foreign.db');
    const foreign = new Database(file);
    foreign.exec(sql);
    foreign.close();
    const before = snapshotFolder(dir);

    const error = expectStoreError(() => openStore(file), 'foreign-database');
    expect(error.message).toContain(`${file} is not a Crossbar Studio database`);
    expect(snapshotFolder(dir)).toEqual(before);
  });

  it('refuses a database written by a newer version and leaves it unchanged', () => {
    const dir = tempDir();
    const file = join(dir, 'future.db');
    openStore(file).close();
    const future = new Database(file);
    future.pragma('user_version = 7');
    future.close();
    const before = snapshotFolder(dir);

    const error = expectStoreError(() => openStore(file), 'newer-schema');
    expect(error.message).toBe(
      `${file} was written by a newer Crossbar Studio (schema 7; this version knows up to ${latest}); ` +
        'upgrade the app or use another --db',
    );
    expect(snapshotFolder(dir)).toEqual(before);
  });

  it('refuses to create a database where a file stands in for its folder', () => {
    const blocker = join(tempDir(), 'blocker');
    writeFileSync(blocker, 'a file, not a folder');
    const file = join(blocker, 'studio.db');
    const error = expectStoreError(() => openStore(file), 'cannot-open');
    expect(error.message).toContain(file);
  });
});

describe('openStore read-only', () => {
  const tempDir = useTempDir();

  function createStudioFile(): string {
    const file = join(tempDir(), 'studio.db');
    const store = openStore(file);
    store.projects.create('existing');
    store.close();
    return file;
  }

  it('reads, and refuses every write with an error naming the file', () => {
    const file = createStudioFile();
    const before = readFileSync(file);
    const store = openStore(file, { readonly: true });
    expect(store.readonly).toBe(true);
    expect(store.projects.list().map((project) => project.name)).toEqual(['existing']);

    const error = expectStoreError(() => store.projects.create('new'), 'read-only');
    expect(error.message).toBe(`${file} cannot be written (it was opened read-only)`);
    expectStoreError(() => store.projects.ensureDefault(), 'read-only');
    store.close();
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('does not create a missing file', () => {
    const file = join(tempDir(), 'missing.db');
    const error = expectStoreError(() => openStore(file, { readonly: true }), 'cannot-open');
    expect(error.message).toContain(file);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a database that needs upgrading, since upgrading writes', () => {
    const file = join(tempDir(), 'empty.db');
    writeFileSync(file, '');
    const error = expectStoreError(() => openStore(file, { readonly: true }), 'needs-upgrade');
    expect(error.message).toContain(`has schema 0 and needs upgrading to ${latest}`);
    expect(readFileSync(file).length).toBe(0);
  });

  // Root may write whatever the permission bits say, so these run only for ordinary users.
  it.skipIf(isRoot)('refuses a file without write permission when opened for writing', async () => {
    const { chmodSync } = await import('node:fs');
    const file = createStudioFile();
    chmodSync(file, 0o444);
    const before = readFileSync(file);
    const error = expectStoreError(() => openStore(file), 'read-only');
    expect(error.message).toContain(file);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it.skipIf(isRoot)('refuses to create a database in a folder without write permission', async () => {
    const { chmodSync } = await import('node:fs');
    const dir = tempDir();
    chmodSync(dir, 0o555);
    const file = join(dir, 'studio.db');
    try {
      const error = expectStoreError(() => openStore(file), 'cannot-open');
      expect(error.message).toContain(file);
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});

describe('openStore on a locked database', () => {
  const tempDir = useTempDir();

  it('reports a lock held past the busy timeout, then opens once it is released', () => {
    const file = join(tempDir(), 'studio.db');
    openStore(file).close();
    const holder = new Database(file);
    holder.exec("BEGIN EXCLUSIVE; INSERT INTO projects (name, created_at) VALUES ('held', 'now')");

    const startedAt = Date.now();
    const error = expectStoreError(() => openStore(file, { busyTimeoutMs: 150 }), 'locked');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
    expect(error.message).toBe(
      `${file} is locked by another process (still busy after 150 ms); ` +
        'close the other Crossbar Studio or use another --db',
    );

    holder.exec('COMMIT');
    holder.close();
    const store = openStore(file, { busyTimeoutMs: 150 });
    expect(store.projects.list().map((project) => project.name)).toEqual(['held']);
    store.close();
  });

  it('reports a lock on a new file that another connection is still creating', () => {
    const file = join(tempDir(), 'studio.db');
    const holder = new Database(file);
    holder.exec('BEGIN EXCLUSIVE; CREATE TABLE scratch (x INTEGER)');
    expectStoreError(() => openStore(file, { busyTimeoutMs: 50 }), 'locked');
    holder.exec('ROLLBACK');
    holder.close();
    const store = openStore(file);
    expect(store.schemaVersion).toBe(latest);
    store.close();
  });

  it('reports a lock met by a write after opening', () => {
    const file = join(tempDir(), 'studio.db');
    const store = openStore(file, { busyTimeoutMs: 50 });
    const holder = new Database(file);
    holder.exec('BEGIN EXCLUSIVE');
    const error = expectStoreError(() => store.projects.create('blocked'), 'locked');
    expect(error.message).toContain(file);
    holder.exec('ROLLBACK');
    holder.close();
    expect(store.projects.create('later').name).toBe('later');
    store.close();
  });
});
