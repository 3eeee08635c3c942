// A fresh temporary folder per test, removed after it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export function useTempDir(): () => string {
  const created: string[] = [];
  afterEach(() => {
    created.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossbar-store-'));
    created.push(dir);
    return dir;
  };
}
