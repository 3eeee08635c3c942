// `crossbar cache` as a user runs it: a real process showing and clearing a per-user cache that a run filled.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMAGENET_PREPROCESS } from '../../../src-shared/config/preprocess';
import { TensorCache, cropImage } from '../../../src-main/data';
import { ENTRY_HEADER_BYTES } from '../../../src-main/data/tensor-cache-entry';
import { patternImage, writeImage } from '../../unit/data/image-fixtures';

const CLI = join(import.meta.dirname, '../../../bin/crossbar.js');
const SPEC = { ...IMAGENET_PREPROCESS, resize: 0, crop: 10 };
const ENTRY_BYTES = ENTRY_HEADER_BYTES + 3 * 10 * 10;
const home = mkdtempSync(join(tmpdir(), 'cb-cache-cli-'));
const folder = join(home, 'crossbar-studio');

function crossbar(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [CLI, 'cache', ...args], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: home, CROSSBAR_CACHE_MAX_BYTES: '', ...env },
  });
}

beforeAll(async () => {
  const cache = new TensorCache(folder);
  for (let n = 0; n < 3; n++) {
    const file = join(home, 'images', `${n}.png`);
    await writeImage(file, patternImage(10 + n, 12));
    await cache.getOrCompute(file, SPEC, () => cropImage(file, SPEC));
  }
});

describe.runIf(process.platform === 'linux')('crossbar cache', () => {
  it('prints the folder, entries, size and cap, as text or one JSON object', () => {
    const text = crossbar([]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain(`folder   ${folder}`);
    expect(text.stdout).toMatch(/^entries {2}3$/m);
    expect(text.stdout).toMatch(/^cap {6}4\.0 GiB$/m);

    const json = crossbar(['--json'], { CROSSBAR_CACHE_MAX_BYTES: '500M' });
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      folder,
      entries: 3,
      bytes: 3 * ENTRY_BYTES,
      maxBytes: 500 * 2 ** 20,
    });
  });

  it('refuses a cap that is not a size with exit code 2', () => {
    const result = crossbar(['--json'], { CROSSBAR_CACHE_MAX_BYTES: 'plenty' });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('CROSSBAR_CACHE_MAX_BYTES must be a size');
  });

  it('clears every entry with --clear and says what it removed', () => {
    const result = crossbar(['--clear', '--json']);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      folder,
      entries: 0,
      bytes: 0,
      removedEntries: 3,
      removedBytes: 3 * ENTRY_BYTES,
    });
    expect(crossbar(['--clear']).stdout).toBe(`removed 0 entries (0 bytes) from ${folder}\n`);
  });

  it('is listed in the overview and explains itself with --help', () => {
    const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    expect(help.stdout).toMatch(/^ {2}cache {4}show the cache of preprocessed images/m);
    expect(crossbar(['--help']).stdout).toContain('CROSSBAR_CACHE_MAX_BYTES');
  });
});
