// `crossbar cache`: the per-user tensor cache's folder, entries, size and cap; --clear empties it.
import type { TensorCacheInfo } from '../../../src-shared/api/api';
import { byteSize } from '../../../src-shared/byte-size';
import { clearTensorCache, tensorCacheInfo, userTensorCache } from '../../app/user-tensor-cache';
import { DEFAULT_CACHE_MAX_BYTES } from '../../data';
import { defineCommand } from '../command';

export const cacheCommand = defineCommand({
  summary: 'show the cache of preprocessed images (folder, size, cap), or clear it',
  usage: [
    'usage: crossbar cache [--clear] [--json]',
    '',
    'Runs cache the 8-bit crop of every image they decode in the per-user cache folder, so later passes skip',
    `decoding. Past its cap (${byteSize(DEFAULT_CACHE_MAX_BYTES)}; CROSSBAR_CACHE_MAX_BYTES sets it, e.g. 20G, or 0 to`,
    'cache nothing) the least recently used entries are removed. --clear removes every entry; runs under way then',
    'decode their images again.',
  ].join('\n'),
  flags: {
    clear: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async execute({ values }, io) {
    const settings = userTensorCache();
    if (values.clear) {
      const cleared = await clearTensorCache(settings);
      if (values.json) io.stdout.write(`${JSON.stringify(cleared)}\n`);
      else {
        io.stdout.write(
          `removed ${cleared.removedEntries} entries (${byteSize(cleared.removedBytes)}) from ${cleared.folder}\n`,
        );
      }
      return 0;
    }
    const info = await tensorCacheInfo(settings);
    io.stdout.write(values.json ? `${JSON.stringify(info)}\n` : infoText(info));
    return 0;
  },
});

function infoText(info: TensorCacheInfo): string {
  return [
    `folder   ${info.folder}`,
    `entries  ${info.entries}`,
    `size     ${byteSize(info.bytes)}`,
    `cap      ${info.maxBytes === 0 ? 'caching off' : byteSize(info.maxBytes)}`,
    '',
  ].join('\n');
}
