// Lists what a dataset folder holds: visible files and subfolders, image files told apart by extension.
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { DatasetError, reasonOf } from './dataset-error';
import type { SkippedFile } from './dataset-types';

/** The formats sharp decodes that image datasets use; matched case-insensitively (ILSVRC files end in .JPEG). */
const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff']);

export function isImageFile(file: string): boolean {
  return IMAGE_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/** How a file that is not an image is reported. */
export function skippedNonImage(file: string): SkippedFile {
  const extension = path.extname(file) || 'no extension';
  return { file, reason: `not an image file (${extension}; expected ${[...IMAGE_EXTENSIONS].join(' ')})` };
}

export interface FolderListing {
  /** Absolute paths, sorted. */
  files: string[];
  /** Absolute paths, sorted. */
  folders: string[];
}

/** The visible entries of a folder; hidden ones (".DS_Store", ".git") are not part of any dataset. */
export async function listFolder(folder: string): Promise<FolderListing> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new DatasetError(folder, `cannot list folder ${folder}: ${reasonOf(error)}`, { cause: error });
  }
  const listing: FolderListing = { files: [], folders: [] };
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    const isFolder = entry.isDirectory() || (entry.isSymbolicLink() && (await isLinkToFolder(full)));
    (isFolder ? listing.folders : listing.files).push(full);
  }
  listing.files.sort();
  listing.folders.sort();
  return listing;
}

async function isLinkToFolder(link: string): Promise<boolean> {
  try {
    return (await stat(link)).isDirectory();
  } catch {
    // A dangling link is listed as a file, so it is reported rather than silently dropped.
    return false;
  }
}

export interface FolderFiles {
  images: string[];
  others: string[];
}

/** Every file under a folder, at any depth (like torchvision's ImageFolder), split into images and others. */
export async function collectFilesBelow(folder: string): Promise<FolderFiles> {
  const found: FolderFiles = { images: [], others: [] };
  await collectInto(folder, found, new Set());
  return found;
}

async function collectInto(folder: string, found: FolderFiles, visited: Set<string>): Promise<void> {
  // Symlinked folders are followed, so a link back up the tree would otherwise recurse forever.
  const real = await realpath(folder).catch(() => folder);
  if (visited.has(real)) return;
  visited.add(real);
  const listing = await listFolder(folder);
  for (const file of listing.files) (isImageFile(file) ? found.images : found.others).push(file);
  for (const sub of listing.folders) await collectInto(sub, found, visited);
}

/** Plain UTF-16 code-unit order, the order torchvision's ImageFolder gives class folders. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A folder and each folder above it, nearest first. */
export function folderAndAncestors(folder: string): string[] {
  const chain = [folder];
  for (let parent = path.dirname(folder); parent !== chain.at(-1); parent = path.dirname(parent)) {
    chain.push(parent);
  }
  return chain;
}

/** The first of the candidate paths that exists as a file. */
export async function firstExistingFile(candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) {
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return candidate;
  }
  return undefined;
}
