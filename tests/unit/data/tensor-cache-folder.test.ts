// The cache folder as a whole: entries counted with the old float32 ones, those evicted first, clearing spares
// writes under way.
import { readdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cacheUsage,
  clearCacheFolder,
  evictLeastRecentlyUsed,
  listCacheEntries,
} from '../../../src-main/data/tensor-cache-folder';
import { makeTempDir, removeDir, writeText } from './image-fixtures';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

/** A file named like an entry with `key` (one hex digit, repeated) and `extension`, last used `ageS` ago. */
async function writeEntryFile(key: string, extension: string, bytes: number, ageS: number): Promise<string> {
  const name = key.repeat(64);
  const file = path.join(dir, name.slice(0, 2), `${name}${extension}`);
  await writeText(file, 'x'.repeat(bytes));
  const usedAt = new Date(Date.now() - ageS * 1000);
  await utimes(file, usedAt, usedAt);
  return file;
}

describe('the tensor cache folder', () => {
  it('counts entries of both formats and nothing else', async () => {
    await writeEntryFile('a', '.u8', 100, 10);
    await writeEntryFile('b', '.f32', 400, 20);
    await writeText(path.join(dir, 'aa', `${'a'.repeat(64)}.u8.1234.tmp`), 'partial');
    await writeText(path.join(dir, 'notes.txt'), 'not an entry');
    expect(await cacheUsage(dir)).toEqual({ entries: 2, bytes: 500 });
    expect(await cacheUsage(path.join(dir, 'missing'))).toEqual({ entries: 0, bytes: 0 });
  });

  it('lists the least recently used first and evicts in that order down to the target', async () => {
    const newest = await writeEntryFile('1', '.u8', 100, 1);
    const oldest = await writeEntryFile('2', '.u8', 100, 300);
    const middle = await writeEntryFile('3', '.f32', 100, 60);
    expect((await listCacheEntries(dir)).map((entry) => entry.file)).toEqual([oldest, middle, newest]);
    expect(await evictLeastRecentlyUsed(dir, 150)).toBe(100);
    expect((await listCacheEntries(dir)).map((entry) => entry.file)).toEqual([newest]);
  });

  it('clears every entry but leaves temporary files of writes under way', async () => {
    await writeEntryFile('c', '.u8', 10, 0);
    await writeEntryFile('d', '.f32', 30, 0);
    const temporary = path.join(dir, 'cc', `${'c'.repeat(64)}.u8.5678.tmp`);
    await writeText(temporary, 'partial');
    expect(await clearCacheFolder(dir)).toEqual({ entries: 2, bytes: 40 });
    expect(await cacheUsage(dir)).toEqual({ entries: 0, bytes: 0 });
    expect(await readdir(path.join(dir, 'cc'))).toEqual([path.basename(temporary)]);
  });
});
