// `crossbar sweep`: a grid of configs as stored runs; a sweep killed mid-way resumes without redoing a finished
// point and gives exactly the results of an uninterrupted one.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/store';
import { testRandom } from '../../reference/test-random';

const CLI = join(import.meta.dirname, '../../../bin/crossbar.js');

interface SweepJson {
  sweepId: number;
  status: string;
  points: {
    params: Record<string, unknown>;
    runId: string;
    analog: { trials: { top1: number; top5: number }[] };
  }[];
}

function specFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cb-sweep-')), 'spec.json');
  const spec = {
    name: 'ADC bits under programming error',
    images: { count: 30, sample: 'random', seed: 4 },
    calibration: { count: 10, seed: 5 },
    base: { device: { programmingError: { model: 'state-independent', alpha: 0.03 } } },
    axes: [{ path: 'adc.bits', values: [4, 6, 8] }],
    trials: 2,
    seed: 9,
  };
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

const env = () => ({ ...process.env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'cb-cache-')) });

function crossbar(args: string[]): string {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: env() });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

function sweep(args: string[]): SweepJson {
  const result = spawnSync(process.execPath, [CLI, 'sweep', ...args, '--json'], {
    encoding: 'utf8',
    env: env(),
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as SweepJson;
}

const FIRST_BATCH = /points: [1-9]/;

/** A sweep run to its end, and the time from its first evaluated batch to its exit. */
async function timedSweep(args: string[]): Promise<{ result: SweepJson; workMs: number }> {
  const child = spawn(process.execPath, [CLI, 'sweep', ...args, '--json'], {
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let firstBatchMs = 0;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    if (!firstBatchMs && FIRST_BATCH.test(chunk.toString())) firstBatchMs = Date.now();
  });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect(code).toBe(0);
  return { result: JSON.parse(stdout) as SweepJson, workMs: Date.now() - firstBatchMs };
}

describe('crossbar sweep', () => {
  it('resumes a killed sweep without redoing a finished point, with the uninterrupted results', async () => {
    const spec = specFile();
    const dbA = join(mkdtempSync(join(tmpdir(), 'cb-db-')), 'a.db');
    const { result: whole, workMs } = await timedSweep([spec, '--db', dbA]);
    expect(whole.status).toBe('finished');
    expect(whole.points.map((p) => p.params)).toEqual([
      { 'adc.bits': 4 },
      { 'adc.bits': 6 },
      { 'adc.bits': 8 },
    ]);

    // The store read back: the sweep as CSV and JSON, its runs, and one run in full.
    const csv = crossbar(['export', String(whole.sweepId), '--csv', '--db', dbA]).split('\r\n');
    expect(csv[0]).toMatch(/^adc\.bits,runId,state,images,digitalTop1,.*,sweepId$/);
    expect(csv.slice(1, 4).map((line) => line.split(',').slice(0, 3))).toEqual(
      whole.points.map((p) => [String(p.params['adc.bits']), p.runId, 'finished']),
    );
    const exported = JSON.parse(crossbar(['export', String(whole.sweepId), '--json', '--db', dbA])) as {
      points: { runId: string; analogTrials: number }[];
    };
    expect(exported.points.map((p) => [p.runId, p.analogTrials])).toEqual(
      whole.points.map((p) => [p.runId, 2]),
    );
    const listed = JSON.parse(
      crossbar(['runs', '--sweep', String(whole.sweepId), '--json', '--db', dbA]),
    ) as {
      runs: { runId: string }[];
    };
    expect(listed.runs.map((r) => r.runId).sort()).toEqual(whole.points.map((p) => p.runId).sort());
    const shown = JSON.parse(crossbar(['show', whole.points[1].runId, '--db', dbA])) as {
      point: unknown;
      calibration: { ranges: { layer: string }[] };
      layers: { trialIndex: number }[];
    };
    expect(shown.point).toEqual({ 'adc.bits': 6 });
    expect(shown.calibration.ranges).toHaveLength(10);
    expect(shown.layers.filter((l) => l.trialIndex === 1)).toHaveLength(10);

    // Killed with SIGKILL at seeded random moments of an uninterrupted sweep's duration: each time the file opens
    // cleanly, the points that finished are intact and not duplicated, and the resumed sweep ends with exactly the
    // uninterrupted results.
    const random = testRandom(2026);
    for (let kill = 0; kill < 3; kill++) {
      const db = join(mkdtempSync(join(tmpdir(), 'cb-db-')), `kill-${kill}.db`);
      const child = spawn(process.execPath, [CLI, 'sweep', spec, '--db', db], {
        env: env(),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      // Wait for the first evaluated batch, then a random share of the time the uninterrupted sweep spent after it.
      await new Promise<void>((resolve) => {
        child.stderr.on('data', (chunk: Buffer) => {
          if (FIRST_BATCH.test(chunk.toString())) resolve();
        });
      });
      await new Promise((resolve) => setTimeout(resolve, (0.05 + 0.75 * random()) * workMs));
      expect(child.exitCode, 'the sweep ended before it could be killed').toBeNull();
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('exit', resolve));

      const before = openStore(db);
      expect(before.check()).toEqual([]);
      const [sweepRow] = before.sweeps.list();
      const finishedBefore = before.runs.list({ sweepId: sweepRow.id, state: 'finished' });
      for (const run of finishedBefore) {
        const reference = whole.points.find((p) => JSON.stringify(p.params) === JSON.stringify(run.point))!;
        const trials = before.runs.progress(run.id).trials.filter((t) => t.kind === 'analog');
        expect(trials.map((t) => [t.top1, t.top5])).toEqual(
          reference.analog.trials.map((t) => [t.top1, t.top5]),
        );
      }
      before.close();

      const resumed = sweep(['--resume', 'latest', '--db', db]);
      expect(resumed.status).toBe('finished');
      expect(resumed.points.map((p) => p.params)).toEqual(whole.points.map((p) => p.params));
      expect(resumed.points.map((p) => p.analog.trials)).toEqual(whole.points.map((p) => p.analog.trials));
      for (const run of finishedBefore) expect(resumed.points.map((p) => p.runId)).toContain(run.id);

      const after = openStore(db);
      expect(after.check()).toEqual([]);
      expect(after.runs.list({ sweepId: sweepRow.id })).toHaveLength(3);
      expect(after.sweeps.get(sweepRow.id)!.state).toBe('finished');
      after.close();
    }
    // Four sweeps and three resumes: about 18 s on an idle 2-core machine, so a busy one gets room.
  }, 150_000);

  it("runs the README's sweep spec as written on the demo", () => {
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
    const block = /A sweep spec names[\s\S]*?```json\n([\s\S]*?)\n```/.exec(readme);
    expect(block, 'the README shows a sweep spec').not.toBeNull();
    const file = join(mkdtempSync(join(tmpdir(), 'cb-sweep-')), 'spec.json');
    writeFileSync(file, block![1]);
    const db = join(mkdtempSync(join(tmpdir(), 'cb-db-')), 'readme.db');
    const result = sweep([file, '--db', db]);
    expect(result.status).toBe('finished');
    expect(result.points).toHaveLength(6);
    // Programming error hurts: the largest α loses accuracy against the smallest, for both schemes.
    const top1 = (alpha: number, scheme: string) => {
      const point = result.points.find(
        (p) => p.params['device.programmingError.alpha'] === alpha && p.params['mapping.scheme'] === scheme,
      )!;
      return point.analog.trials.reduce((sum, t) => sum + t.top1, 0) / point.analog.trials.length;
    };
    for (const scheme of ['differential', 'offset'])
      expect(top1(0.1, scheme)).toBeLessThan(top1(0.01, scheme));
  });

  it('refuses more images than the dataset has before storing anything (exit 2)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cb-sweep-')), 'big.json');
    const spec = {
      name: 'x',
      images: { count: 950 },
      calibration: { count: 100 },
      axes: [{ path: 'adc.bits', values: [6] }],
      trials: 1,
    };
    writeFileSync(file, JSON.stringify(spec));
    const db = join(mkdtempSync(join(tmpdir(), 'cb-db-')), 'd.db');
    const result = spawnSync(process.execPath, [CLI, 'sweep', file, '--db', db], {
      encoding: 'utf8',
      env: env(),
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /images\.count 950 \+ calibration\.count 100 = 1050 images, but .* has 1000/,
    );
    const store = openStore(db);
    expect(store.sweeps.list()).toHaveLength(0);
    store.close();
  });

  it('refuses a spec with a bad axis before storing anything (exit 2)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cb-sweep-')), 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'x',
        images: { count: 5 },
        axes: [{ path: 'adc.bitz', values: [1] }],
        trials: 1,
      }),
    );
    const db = join(mkdtempSync(join(tmpdir(), 'cb-db-')), 'c.db');
    const result = spawnSync(process.execPath, [CLI, 'sweep', file, '--db', db], {
      encoding: 'utf8',
      env: env(),
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/axes\[0\]: path "adc\.bitz" is not a hardware-config field/);
    const store = openStore(db);
    expect(store.sweeps.list()).toHaveLength(0);
    store.close();
  });
});
