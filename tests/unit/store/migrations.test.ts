// Migrations: numbered steps applied in order, each in its own transaction, upgrading older files in place.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore, type Migration } from '../../../src-main/store/index';
import { expectStoreError } from './assertions';
import { useTempDir } from './temp-dir';

/** A later schema step that exists only in these tests, so an upgrade can be exercised. */
const addProjectColour: Migration = {
  version: MIGRATIONS.length + 1,
  name: `${String(MIGRATIONS.length + 1).padStart(3, '0')}-test-project-colour`,
  sql: "ALTER TABLE projects ADD COLUMN colour TEXT NOT NULL DEFAULT 'grey'; CREATE TABLE test_notes (body TEXT);",
};

/** Fails half-way: its first statement succeeds, so only a rollback can leave the file unchanged. */
const brokenStep: Migration = {
  version: MIGRATIONS.length + 1,
  name: `${String(MIGRATIONS.length + 1).padStart(3, '0')}-test-broken`,
  sql: 'CREATE TABLE test_half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);',
};

function inspect(file: string): { version: number; tables: string[]; projectColumns: string[] } {
  const raw = new Database(file, { readonly: true });
  const version = Number(raw.pragma('user_version', { simple: true }));
  const tables = raw
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);
  const projectColumns = raw
    .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('projects')")
    .all()
    .map((row) => row.name);
  raw.close();
  return { version, tables, projectColumns };
}

describe('migrations', () => {
  const tempDir = useTempDir();

  it('are numbered 1..n with file-style names that match their number', () => {
    MIGRATIONS.forEach((migration, index) => {
      expect(migration.version).toBe(index + 1);
      expect(migration.name).toMatch(new RegExp(`^${String(index + 1).padStart(3, '0')}-[a-z0-9-]+$`));
    });
  });

  it('apply only up to the version the list ends at', () => {
    const file = join(tempDir(), 'studio.db');
    openStore(file, { migrations: MIGRATIONS }).close();
    expect(inspect(file).version).toBe(MIGRATIONS.length);
    expect(inspect(file).tables).not.toContain('test_notes');
  });

  it('upgrade an older database in place, keeping its data', () => {
    const file = join(tempDir(), 'studio.db');
    const old = openStore(file, { migrations: MIGRATIONS });
    old.projects.create('before the upgrade');
    old.close();

    const upgraded = openStore(file, { migrations: [...MIGRATIONS, addProjectColour] });
    expect(upgraded.schemaVersion).toBe(addProjectColour.version);
    expect(upgraded.projects.list().map((project) => project.name)).toEqual(['before the upgrade']);
    upgraded.close();

    const after = inspect(file);
    expect(after.version).toBe(addProjectColour.version);
    expect(after.tables).toContain('test_notes');
    expect(after.projectColumns).toContain('colour');
  });

  it('then refuse the upgraded file to the older build', () => {
    const file = join(tempDir(), 'studio.db');
    openStore(file, { migrations: [...MIGRATIONS, addProjectColour] }).close();
    expectStoreError(() => openStore(file), 'newer-schema');
  });

  it('roll a failing step back entirely, leaving the previous version and its data', () => {
    const file = join(tempDir(), 'studio.db');
    const old = openStore(file);
    old.projects.create('survivor');
    old.close();

    const error = expectStoreError(
      () => openStore(file, { migrations: [...MIGRATIONS, brokenStep] }),
      'migration-failed',
    );
    expect(error.message).toContain(`migration ${brokenStep.name} failed (no such table: no_such_table)`);
    expect(error.message).toContain(
      `stays at schema ${MIGRATIONS.length}, with none of this migration applied`,
    );

    const after = inspect(file);
    expect(after.version).toBe(MIGRATIONS.length);
    expect(after.tables).not.toContain('test_half_done');
    const reopened = openStore(file);
    expect(reopened.projects.list().map((project) => project.name)).toEqual(['survivor']);
    reopened.close();
  });

  it('refuse a list with a gap in its numbering', () => {
    const gap = { ...addProjectColour, version: MIGRATIONS.length + 2 };
    expect(() => openStore(':memory:', { migrations: [...MIGRATIONS, gap] })).toThrow(/expected/);
  });
});
