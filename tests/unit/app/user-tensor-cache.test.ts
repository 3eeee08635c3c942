// The per-user tensor cache's settings: the folder beside the other caches and the cap from the environment.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src-shared/config/fields';
import { userTensorCache } from '../../../src-main/app/user-tensor-cache';
import { DEFAULT_CACHE_MAX_BYTES } from '../../../src-main/data';

const capOf = (value: string | undefined) =>
  userTensorCache({ XDG_CACHE_HOME: '/tmp/cb', CROSSBAR_CACHE_MAX_BYTES: value }).cacheMaxBytes;

describe('userTensorCache', () => {
  it('caps the cache at 4 GiB unless CROSSBAR_CACHE_MAX_BYTES says otherwise', () => {
    expect(DEFAULT_CACHE_MAX_BYTES).toBe(4 * 2 ** 30);
    expect(capOf(undefined)).toBe(DEFAULT_CACHE_MAX_BYTES);
    expect(capOf('')).toBe(DEFAULT_CACHE_MAX_BYTES);
    expect(capOf('123456')).toBe(123456);
    expect(capOf('500M')).toBe(500 * 2 ** 20);
    expect(capOf('20G')).toBe(20 * 2 ** 30);
    expect(capOf('1.5GiB')).toBe(1.5 * 2 ** 30);
    expect(capOf('0')).toBe(0);
  });

  it('refuses a cap that is not a size, naming the variable', () => {
    for (const bad of ['lots', '-1', '4X', '1e9']) {
      expect(() => capOf(bad)).toThrow(ConfigError);
      expect(() => capOf(bad)).toThrow(/CROSSBAR_CACHE_MAX_BYTES .*got "/);
    }
  });

  it.runIf(process.platform === 'linux')('keeps the cache in the XDG cache folder', () => {
    expect(userTensorCache({ XDG_CACHE_HOME: '/tmp/cb' }).cacheDir).toBe(
      path.join('/tmp/cb', 'crossbar-studio'),
    );
  });
});
