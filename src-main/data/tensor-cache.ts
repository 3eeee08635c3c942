// An on-disk cache of images' 8-bit crops, bounded in size, so later passes over the same images skip decoding.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { cropHeightWidth, type PreprocessSpec } from '../../src-shared/config/preprocess';
import { UnreadableImageError, reasonOf } from './dataset-error';
import { ENTRY_EXTENSION, readEntry, writeEntry } from './tensor-cache-entry';
import { cacheUsage, evictLeastRecentlyUsed, markUsed } from './tensor-cache-folder';

/** Bump when cropping changes its output, so entries written by older code are never read. */
const CROP_VERSION = 2;

/** About 28,000 crops of 224×224 RGB, over half the ImageNet validation set. */
export const DEFAULT_CACHE_MAX_BYTES = 4 * 2 ** 30;

/** Evicting down to this share of the cap leaves room for many writes before the folder is listed again. */
const EVICT_TO_FRACTION = 0.9;

export interface TensorCacheOptions {
  /** The most the folder may hold, in bytes; 0 stores nothing. */
  maxBytes?: number;
}

/**
 * Each entry is keyed by the image's absolute path, size and modification time and by the crop's geometry,
 * channels and layout, so editing an image or changing the crop misses instead of returning a stale one. Mean and
 * std are not in the key: they are applied after the cache, so specs that differ only there share entries.
 */
export class TensorCache {
  readonly maxBytes: number;
  /**
   * What this process believes the folder holds: listed at its first write, then counted up by its own writes.
   * Each write chains onto the last, so one eviction runs at a time. Other processes' writes are seen at the
   * next listing, which happens whenever any process's count passes the cap.
   */
  #storedBytes: Promise<number> | undefined;

  constructor(
    readonly cacheDir: string,
    options: TensorCacheOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
    if (!Number.isSafeInteger(this.maxBytes) || this.maxBytes < 0) {
      throw new RangeError(`maxBytes must be a whole number of bytes ≥ 0, got ${this.maxBytes}`);
    }
  }

  /** The cached crop of `file` under `spec`, or `crop()`'s result, which is then stored. */
  async getOrCompute(
    file: string,
    spec: PreprocessSpec,
    crop: () => Promise<Uint8Array>,
  ): Promise<Uint8Array> {
    const entry = await this.#entryPath(file, spec);
    const cached = await readEntry(entry, cropBytes(spec));
    if (cached) {
      await markUsed(entry);
      return cached;
    }
    const computed = await crop();
    if (this.maxBytes > 0) await this.#recordWrite(await writeEntry(entry, computed));
    return computed;
  }

  async #recordWrite(bytes: number): Promise<void> {
    const stored =
      this.#storedBytes?.then((before) => before + bytes) ??
      cacheUsage(this.cacheDir).then((usage) => usage.bytes);
    this.#storedBytes = stored.then((total) =>
      total > this.maxBytes
        ? evictLeastRecentlyUsed(this.cacheDir, Math.floor(this.maxBytes * EVICT_TO_FRACTION))
        : total,
    );
    await this.#storedBytes;
  }

  async #entryPath(file: string, spec: PreprocessSpec): Promise<string> {
    const source = path.resolve(file);
    const info = await stat(source).catch((error: unknown) => {
      throw new UnreadableImageError(file, `cannot read image ${file}: ${reasonOf(error)}`, { cause: error });
    });
    const key = createHash('sha256')
      .update(JSON.stringify([CROP_VERSION, source, info.size, info.mtimeMs, cropKey(spec)]))
      .digest('hex');
    return path.join(this.cacheDir, key.slice(0, 2), `${key}${ENTRY_EXTENSION}`);
  }
}

/** Field order fixed and crop spelt out, so equal crops give equal keys however their spec was written. */
function cropKey(spec: PreprocessSpec): unknown[] {
  return [spec.resize, cropHeightWidth(spec), spec.channels, spec.layout];
}

function cropBytes(spec: PreprocessSpec): number {
  const [height, width] = cropHeightWidth(spec);
  return spec.channels * height * width;
}
