// `crossbar serve`: a new database opens on the bundled demo, and two processes on one database both answer and
// each sees what the other stored.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../../bin/crossbar.js');
const servers: ChildProcess[] = [];
afterAll(() => servers.forEach((server) => server.kill('SIGTERM')));

function serve(db: string, flags: string[] = []): Promise<URL> {
  const server = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0', ...flags], {
    env: { ...process.env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'cb-cache-')) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  servers.push(server);
  let stderr = '';
  return new Promise((resolve, reject) => {
    server.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /serving on (\S+)/.exec(stderr);
      if (match) resolve(new URL(match[1]));
    });
    server.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

async function call(url: URL, method: string, params: unknown) {
  const response = await fetch(`${url.origin}/api/${method}?token=${url.searchParams.get('token')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return (await response.json()) as { ok: boolean; result: { id: number; name: string }[] };
}

describe('crossbar serve', () => {
  it('opens a new database on a ready demo project, once, and an empty one with --no-demo', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'cb-demo-')), 'new.db');
    const first = await serve(db);
    const [project, ...others] = (await call(first, 'projects.list', {})).result;
    expect([project.name, others]).toEqual(['Fashion-MNIST demo', []]);
    const models = await call(first, 'models.list', { projectId: project.id });
    expect(models.result.map((model) => model.name)).toEqual(['Fashion-MNIST ResNet (demo)']);
    const datasets = (await call(first, 'datasets.list', { projectId: project.id })).result as unknown as {
      imageCount: number;
      classCount: number;
    }[];
    expect(datasets.map(({ imageCount, classCount }) => [imageCount, classCount])).toEqual([[1000, 10]]);
    // A database that exists is the user's: the demo is not added again, even where they deleted it.
    const renamed = await call(first, 'projects.rename', { projectId: project.id, name: 'mine' });
    expect(renamed.ok).toBe(true);
    const again = await serve(db);
    expect((await call(again, 'projects.list', {})).result.map((p) => p.name)).toEqual(['mine']);

    const empty = await serve(join(mkdtempSync(join(tmpdir(), 'cb-demo-')), 'empty.db'), ['--no-demo']);
    expect((await call(empty, 'projects.list', {})).result).toEqual([]);
  });

  it('shares a database with a second serve (WAL, busy timeout)', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'cb-two-')), 'shared.db');
    const first = await serve(db, ['--no-demo']);
    const second = await serve(db);
    expect(first.searchParams.get('token')).not.toBe(second.searchParams.get('token'));
    expect((await call(first, 'projects.create', { name: 'from the first' })).ok).toBe(true);
    expect((await call(second, 'projects.create', { name: 'from the second' })).ok).toBe(true);
    for (const url of [first, second]) {
      const listed = await call(url, 'projects.list', {});
      expect(listed.result.map((p) => p.name)).toEqual(['from the first', 'from the second']);
    }
  });
});
