// Opens or creates the experiment database, refusing files it must not touch and upgrading older schemas.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, toStoreError, type StoreContext } from './errors';
import { MIGRATIONS, type Migration } from './migrations/index';
import {
  applyMigrations,
  assertMigrationsNumbered,
  identifyDatabase,
  latestVersion,
  schemaVersion,
} from './schema';
import { createStore, type Store } from './store';

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** Open without writing anything: no upgrade, no journal change, and every write fails with 'read-only'. */
  readonly readonly?: boolean;
  /** How long to wait for another process's write before failing with 'locked'. */
  readonly busyTimeoutMs?: number;
  /** The schema steps to apply, for tests and tools; the app uses the default, MIGRATIONS. */
  readonly migrations?: readonly Migration[];
}

/**
 * Opens `file` (or ':memory:'), creating it and its folders if needed. Nothing is written to a file that
 * turns out not to be a Crossbar Studio database or to come from a newer version; those, and unreadable,
 * read-only or locked files, are refused with a StoreError naming the file.
 */
export function openStore(file: string, options: OpenOptions = {}): Store {
  const migrations = options.migrations ?? MIGRATIONS;
  assertMigrationsNumbered(migrations);
  const context: StoreContext = {
    file,
    readonly: options.readonly ?? false,
    busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
  };
  const db = connect(context);
  try {
    const version = prepareSchema(db, context, migrations);
    return createStore(db, context, version);
  } catch (error) {
    db.close();
    throw toStoreError(context, error);
  }
}

function connect(context: StoreContext): Database.Database {
  if (!context.readonly && context.file !== ':memory:') createParentFolder(context.file);
  try {
    return new Database(context.file, {
      readonly: context.readonly,
      fileMustExist: context.readonly,
      timeout: context.busyTimeoutMs,
    });
  } catch (error) {
    throw toStoreError(context, error);
  }
}

function createParentFolder(file: string): void {
  try {
    createFolderChain(dirname(file));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new StoreError('cannot-open', `cannot create the folder of ${file} (${reason})`, { cause: error });
  }
}

/**
 * mkdir one level at a time: Node 20's recursive mkdir spins forever on some paths (e.g. under /proc) instead
 * of failing.
 */
function createFolderChain(folder: string): void {
  if (existsSync(folder)) return;
  createFolderChain(dirname(folder));
  mkdirSync(folder);
}

/** Returns the schema version the store will work with. */
function prepareSchema(
  db: Database.Database,
  context: StoreContext,
  migrations: readonly Migration[],
): number {
  const identity = identifyDatabase(db);
  if (identity.kind === 'foreign') {
    throw new StoreError(
      'foreign-database',
      `${context.file} is not a Crossbar Studio database (it holds another application's data); ` +
        'it was left untouched, use another --db',
    );
  }
  const version = schemaVersion(identity);
  const latest = latestVersion(migrations);
  if (version > latest) {
    throw new StoreError(
      'newer-schema',
      `${context.file} was written by a newer Crossbar Studio (schema ${version}; this version knows up to ` +
        `${latest}); upgrade the app or use another --db`,
    );
  }
  db.pragma('foreign_keys = ON');
  if (context.readonly) return assertCurrentForReading(context.file, version, latest);
  assertWritable(db);
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL still survives a killed process; only a power cut may lose the last commits.
  db.pragma('synchronous = NORMAL');
  return applyMigrations(db, context.file, migrations);
}

function assertCurrentForReading(file: string, version: number, latest: number): number {
  if (version === latest) return version;
  throw new StoreError(
    'needs-upgrade',
    `${file} has schema ${version} and needs upgrading to ${latest}, which a read-only open cannot do; ` +
      'open it once for writing to upgrade it',
  );
}

/**
 * SQLite quietly opens a file it cannot write as read-only. Rewriting the header in a transaction that is
 * rolled back surfaces that (and a lock held by another process) at open instead of at the first result.
 */
function assertWritable(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true });
  db.exec('BEGIN IMMEDIATE');
  try {
    db.pragma(`user_version = ${Number(version)}`);
  } finally {
    db.exec('ROLLBACK');
  }
}
