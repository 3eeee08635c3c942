// One tensor cache entry on disk: a header and an image's 8-bit crop, checked on every read, written atomically.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { DatasetError, reasonOf } from './dataset-error';

/**
 * Layout: magic, byte count (uint32 LE), CRC-32 of the bytes (uint32 LE), then the crop's bytes. The magic was
 * XBT1 while entries held float32 tensors (named *.f32); those are never read, only evicted or cleared.
 */
const MAGIC = Buffer.from('XBT2', 'ascii');
export const ENTRY_HEADER_BYTES = 12;
export const ENTRY_EXTENSION = '.u8';
export const LEGACY_ENTRY_EXTENSION = '.f32';

/** The bytes an entry of `cropBytes` takes on disk (before the file system rounds it up to its blocks). */
export function entryBytes(cropBytes: number): number {
  return ENTRY_HEADER_BYTES + cropBytes;
}

/** A missing, short or damaged entry is a miss: it is simply computed and written again. */
export async function readEntry(entry: string, cropBytes: number): Promise<Uint8Array | undefined> {
  const bytes = await readFile(entry).catch(() => undefined);
  if (!bytes || bytes.length !== entryBytes(cropBytes)) return undefined;
  if (!bytes.subarray(0, 4).equals(MAGIC) || bytes.readUInt32LE(4) !== cropBytes) return undefined;
  const crop = bytes.subarray(ENTRY_HEADER_BYTES);
  if (crc32(crop) !== bytes.readUInt32LE(8)) return undefined;
  // A plain view, not a Buffer, so a hit hands back the same type as a freshly computed crop.
  return new Uint8Array(crop.buffer, crop.byteOffset, crop.length);
}

/**
 * Written to a temporary name and renamed into place, so a killed process never leaves a partial entry and a
 * reader in another process sees the whole old entry or the whole new one. Returns the entry's size in bytes.
 */
export async function writeEntry(entry: string, crop: Uint8Array): Promise<number> {
  const values = Buffer.from(crop.buffer, crop.byteOffset, crop.byteLength);
  const header = Buffer.alloc(ENTRY_HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(values.length, 4);
  header.writeUInt32LE(crc32(values), 8);
  const temporary = `${entry}.${randomUUID()}.tmp`;
  try {
    await mkdir(path.dirname(entry), { recursive: true });
    await writeFile(temporary, Buffer.concat([header, values]));
    await rename(temporary, entry);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new DatasetError(entry, `cannot write tensor cache entry ${entry}: ${reasonOf(error)}`, {
      cause: error,
    });
  }
  return entryBytes(values.length);
}
