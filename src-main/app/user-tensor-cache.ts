// The per-user tensor cache as commands and the UI see it: its folder and cap, what it holds, and clearing it.
import type { ClearedTensorCache, TensorCacheInfo } from '../../src-shared/api/api';
import { ConfigError } from '../../src-shared/config/fields';
import { cacheUsage, clearCacheFolder, DEFAULT_CACHE_MAX_BYTES } from '../data';
import { userCacheDir } from './paths';

/** Where runs cache their images' crops and how much that folder may hold, as RunOptions and JobQueueOptions name them. */
export interface TensorCacheSettings {
  cacheDir: string;
  cacheMaxBytes: number;
}

const UNIT_BYTES: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };
const SIZE = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i;

/** The per-user folder, and its cap from CROSSBAR_CACHE_MAX_BYTES ("8G", "500M", bytes; 0 turns caching off). */
export function userTensorCache(env: NodeJS.ProcessEnv = process.env): TensorCacheSettings {
  return { cacheDir: userCacheDir(env), cacheMaxBytes: cacheMaxBytes(env.CROSSBAR_CACHE_MAX_BYTES) };
}

function cacheMaxBytes(text: string | undefined): number {
  if (!text) return DEFAULT_CACHE_MAX_BYTES;
  const match = SIZE.exec(text.trim());
  if (!match) {
    throw new ConfigError(
      `CROSSBAR_CACHE_MAX_BYTES must be a size such as 4G, 500M or a number of bytes, got "${text}"`,
    );
  }
  return Math.floor(Number(match[1]) * UNIT_BYTES[match[2].toUpperCase()]);
}

export async function tensorCacheInfo(settings: TensorCacheSettings): Promise<TensorCacheInfo> {
  const { entries, bytes } = await cacheUsage(settings.cacheDir);
  return { folder: settings.cacheDir, entries, bytes, maxBytes: settings.cacheMaxBytes };
}

export async function clearTensorCache(settings: TensorCacheSettings): Promise<ClearedTensorCache> {
  const removed = await clearCacheFolder(settings.cacheDir);
  return {
    ...(await tensorCacheInfo(settings)),
    removedEntries: removed.entries,
    removedBytes: removed.bytes,
  };
}
