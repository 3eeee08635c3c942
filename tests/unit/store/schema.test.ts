// Guards the schema against silent drift: a freshly migrated database must match the committed snapshot.
// After an intended change (a new migration), refresh the snapshot with `npx vitest run -u`.
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src-main/store/index';
import { applyMigrations } from '../../../src-main/store/schema';

/** The schema as SQL text, one statement per line, with whitespace collapsed so formatting is not drift. */
function liveSchema(): string {
  const db = new Database(':memory:');
  applyMigrations(db, ':memory:', MIGRATIONS);
  const statements = db
    .prepare<[], { sql: string }>(
      "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type DESC, name",
    )
    .all()
    .map((row) => `${row.sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')')};`);
  const header = [`-- Crossbar Studio schema ${Number(db.pragma('user_version', { simple: true }))}`];
  db.close();
  return [...header, ...statements, ''].join('\n');
}

it('matches the committed snapshot', async () => {
  await expect(liveSchema()).toMatchFileSnapshot('./schema.snapshot.sql');
});
