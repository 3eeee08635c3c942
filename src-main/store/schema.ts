// Recognises a Crossbar Studio database and brings its schema up to date with the numbered migrations.
//
// Identity and version live in the SQLite file header: PRAGMA application_id marks the file as ours and
// PRAGMA user_version holds the number of the last migration applied. Both are written inside the migration's
// transaction, so a crash leaves the file at the previous version with none of the migration applied.
import Database from 'better-sqlite3';
import { StoreError } from './errors';
import type { Migration } from './migrations/index';

/** "CBS1" in ASCII. */
export const APPLICATION_ID = 0x43425331;

export type DatabaseIdentity =
  | { readonly kind: 'empty' }
  | { readonly kind: 'ours'; readonly version: number }
  | { readonly kind: 'foreign' };

/** Reads only the header and the schema table, so inspecting a foreign file never changes it. */
export function identifyDatabase(db: Database.Database): DatabaseIdentity {
  const applicationId = readPragmaNumber(db, 'application_id');
  if (applicationId === APPLICATION_ID) {
    return { kind: 'ours', version: readPragmaNumber(db, 'user_version') };
  }
  // Any mark of use (a table, a version set by some tool) makes a file someone else's, not ours to fill.
  const objects = db.prepare<[], { count: number }>('SELECT count(*) AS count FROM sqlite_schema').get();
  const unused = applicationId === 0 && readPragmaNumber(db, 'user_version') === 0 && objects?.count === 0;
  return unused ? { kind: 'empty' } : { kind: 'foreign' };
}

export function schemaVersion(identity: DatabaseIdentity): number {
  return identity.kind === 'ours' ? identity.version : 0;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
}

/** Refuses a list with gaps or reordering: the version number alone must say which migrations ran. */
export function assertMigrationsNumbered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
    }
  });
}

/** Applies the migrations the file lacks, each in its own transaction; returns the resulting version. */
export function applyMigrations(
  db: Database.Database,
  file: string,
  migrations: readonly Migration[],
): number {
  const applyOne = db.transaction((migration: Migration) => {
    // Another process may have migrated between our check and this write lock.
    if (readPragmaNumber(db, 'user_version') >= migration.version) return;
    db.exec(migration.sql);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${migration.version}`);
  });
  for (const migration of migrations) {
    try {
      applyOne.immediate(migration);
    } catch (error) {
      // A busy, read-only or full file is the environment's problem and is reported as such by the caller.
      if (!isFaultInMigration(error)) throw error;
      throw new StoreError(
        'migration-failed',
        `${file}: migration ${migration.name} failed (${error.message}); ` +
          `the database stays at schema ${migration.version - 1}, with none of this migration applied`,
        { cause: error },
      );
    }
  }
  return readPragmaNumber(db, 'user_version');
}

function isFaultInMigration(error: unknown): error is Error {
  return error instanceof Database.SqliteError && /^SQLITE_(ERROR|CONSTRAINT)/.test(error.code);
}

function readPragmaNumber(db: Database.Database, name: 'application_id' | 'user_version'): number {
  const value = db.pragma(name, { simple: true });
  if (typeof value !== 'number') throw new Error(`PRAGMA ${name} returned ${String(value)}`);
  return value;
}
