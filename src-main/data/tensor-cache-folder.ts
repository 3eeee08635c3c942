// The tensor cache folder as a whole: what it holds, least recently used entries evicted first, and clearing it.
import { readdir, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { DatasetError, reasonOf } from './dataset-error';
import { ENTRY_EXTENSION, LEGACY_ENTRY_EXTENSION } from './tensor-cache-entry';

/** Entries sit in 256 folders named by their key's first two hex digits; temporary files never match. */
const SHARD_NAME = /^[0-9a-f]{2}$/;
const ENTRY_NAME = new RegExp(`^[0-9a-f]{64}(\\${ENTRY_EXTENSION}|\\${LEGACY_ENTRY_EXTENSION})$`);

export interface CacheEntryFile {
  file: string;
  bytes: number;
  /** The entry's modification time, which every read sets to the time of that read. */
  lastUsedMs: number;
}

export interface CacheUsage {
  entries: number;
  bytes: number;
}

/**
 * Records a read of `entry` for the eviction order. The time lives on the file itself, so it survives restarts
 * and is shared by every process using the folder; an entry evicted meanwhile is no error.
 */
export async function markUsed(entry: string): Promise<void> {
  const now = new Date();
  await utimes(entry, now, now).catch(() => undefined);
}

/** Every entry, current or of the old float32 format, least recently used first. */
export async function listCacheEntries(cacheDir: string): Promise<CacheEntryFile[]> {
  const entries: CacheEntryFile[] = [];
  for (const shard of await namesIn(cacheDir, SHARD_NAME)) {
    const folder = path.join(cacheDir, shard);
    const files = (await namesIn(folder, ENTRY_NAME)).map((name) => path.join(folder, name));
    const infos = await Promise.all(files.map((file) => stat(file).catch(() => undefined)));
    for (const [index, info] of infos.entries()) {
      // Gone since the listing: another process evicted or cleared it.
      if (info) entries.push({ file: files[index], bytes: info.size, lastUsedMs: info.mtimeMs });
    }
  }
  return entries.sort((a, b) => a.lastUsedMs - b.lastUsedMs);
}

export async function cacheUsage(cacheDir: string): Promise<CacheUsage> {
  return usageOf(await listCacheEntries(cacheDir));
}

/**
 * Removes the least recently used entries until the folder holds at most `targetBytes`, and returns what it
 * then holds. A reader racing the removal still has the whole entry or a miss, never a partial one.
 */
export async function evictLeastRecentlyUsed(cacheDir: string, targetBytes: number): Promise<number> {
  const entries = await listCacheEntries(cacheDir);
  let bytes = usageOf(entries).bytes;
  for (const entry of entries) {
    if (bytes <= targetBytes) break;
    await removeEntry(entry.file);
    bytes -= entry.bytes;
  }
  return bytes;
}

/**
 * Removes every entry and returns what was removed. The shard folders stay, so a process writing an entry at
 * that moment does not find its folder gone; temporary files of writes under way stay too.
 */
export async function clearCacheFolder(cacheDir: string): Promise<CacheUsage> {
  const entries = await listCacheEntries(cacheDir);
  for (const entry of entries) await removeEntry(entry.file);
  return usageOf(entries);
}

function usageOf(entries: readonly CacheEntryFile[]): CacheUsage {
  return { entries: entries.length, bytes: entries.reduce((sum, entry) => sum + entry.bytes, 0) };
}

async function namesIn(folder: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await readdir(folder)).filter((name) => pattern.test(name));
  } catch (error) {
    if (isMissing(error)) return [];
    throw new DatasetError(folder, `cannot list tensor cache folder ${folder}: ${reasonOf(error)}`, {
      cause: error,
    });
  }
}

async function removeEntry(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    // Another process evicted it first.
    if (isMissing(error)) return;
    throw new DatasetError(file, `cannot remove tensor cache entry ${file}: ${reasonOf(error)}`, {
      cause: error,
    });
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}
