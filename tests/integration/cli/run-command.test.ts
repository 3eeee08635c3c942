// `crossbar run` as a user runs it: a real process, real SQLite, real onnxruntime, the bundled demo.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../src-main/sim/onnx/graph-builder';
import { openStore } from '../../../src-main/store';

const CLI = join(import.meta.dirname, '../../../bin/crossbar.js');

function crossbar(args: string[], env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cb-cli-'));
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: join(dir, 'cache'), CROSSBAR_DB: join(dir, 'default.db'), ...env },
  });
  return { ...result, dir };
}

describe('crossbar run', () => {
  it('runs the bundled demo with no arguments and prints exactly one JSON object', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'cb-db-')), 'runs.db');
    const result = crossbar(['run', '--json', '--limit', '100', '--db', db]);
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(output).sort()).toEqual(
      ['dataset', 'digital', 'images', 'model', 'runId', 'sample', 'skipped', 'warnings'].sort(),
    );
    expect(output.images).toBe(100);
    // The demo's folders are sorted by class: the default sample still takes ten of each of its ten classes.
    expect(output.sample).toEqual({
      count: 100,
      sample: 'stratified',
      seed: 0,
      classesCovered: 10,
      classesInDataset: 10,
    });
    expect(output.warnings).toEqual([]);
    const digital = output.digital as { top1: number; top5: number };
    expect(digital.top1).toBeGreaterThan(0.85);
    expect(digital.top5).toBeGreaterThanOrEqual(digital.top1);
    expect(result.stderr).toMatch(/digital: 100\/100/); // plain progress lines when stderr is not a terminal

    const store = openStore(db);
    const run = store.runs.get(output.runId as string);
    store.close();
    expect(run?.state).toBe('finished');
  });

  it('takes the first N in file order only when asked, and says which classes that covers', () => {
    const result = crossbar(['run', '--limit', '100', '--sample', 'first']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('sample   100 images, the first N in file order; 1 of 10 classes');
  });

  it('refuses a model with fewer outputs than the dataset has classes, giving both numbers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-classes-'));
    const model = join(dir, 'five-classes.onnx');
    const graph = new GraphBuilder('five');
    const flat = graph.op('Flatten', [graph.input('x', ['N', 1, 28, 28])]);
    const weights = graph.constant('w', [784, 5], new Float32Array(784 * 5).fill(0.01));
    graph.output(graph.op('MatMul', [flat, weights]), ['N', 5]);
    writeFileSync(model, graph.encode());
    const preprocess = join(dir, 'preprocess.json');
    writeFileSync(
      preprocess,
      JSON.stringify({ resize: 0, crop: 28, channels: 1, mean: [0.286], std: [0.353] }),
    );
    const db = join(dir, 'runs.db');
    const demoImages = join(import.meta.dirname, '../../../resources/demo/images');
    const args = [
      'run',
      '--model',
      model,
      '--data',
      demoImages,
      '--preprocess',
      preprocess,
      '--limit',
      '100',
    ];
    const result = crossbar([...args, '--db', db]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${model} has 5 outputs but`);
    expect(result.stderr).toContain('has labels up to 9 (10 classes)');
    const store = openStore(db);
    expect(store.runs.list()).toEqual([]);
    store.close();
  });

  it('runs one trial of a config with nothing random, and says why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-trials-'));
    const config = join(dir, 'hw.json');
    writeFileSync(config, JSON.stringify({ adc: { bits: 6 } }));
    const result = crossbar(['run', '--json', '--limit', '40', '--config', config, '--trials', '5']);
    expect(result.status, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as { analog: { trials: unknown[] }; warnings: string[] };
    expect(output.analog.trials).toHaveLength(1);
    expect(output.warnings).toEqual([
      'no non-ideality of this config is random (programming error, read noise, drift spread): its 5 trials ' +
        'would be identical, so one was run',
    ]);
    expect(result.stderr).toContain('warning: no non-ideality of this config is random');
  });

  it('adds the analog Monte-Carlo summary of docs/cli.md with --config and --trials', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-analog-'));
    const config = join(dir, 'hw.json');
    writeFileSync(
      config,
      JSON.stringify({ device: { programmingError: { model: 'state-independent', alpha: 0.02 } } }),
    );
    const args = ['run', '--json', '--limit', '200', '--config', config, '--trials', '3', '--seed', '4'];
    const result = crossbar([...args, '--db', join(dir, 'runs.db')]);
    expect(result.status, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as {
      digital: { top1: number };
      analog: Record<string, unknown> & {
        trials: { top1: number; agreementTop1: number }[];
        top1Ci95: number[];
      };
    };
    expect(Object.keys(output.analog).sort()).toEqual(
      ['agreementTop1Mean', 'top1Ci95', 'top1Mean', 'top1Std', 'top5Mean', 'top5Std', 'trials'].sort(),
    );
    expect(output.analog.trials).toHaveLength(3);
    for (const trial of output.analog.trials) {
      expect(trial.top1).toBeGreaterThan(output.digital.top1 - 0.1);
      expect(trial.agreementTop1).toBeGreaterThan(0.85);
    }
    const [low, high] = output.analog.top1Ci95;
    expect(low).toBeLessThanOrEqual(output.analog.top1Mean as number);
    expect(high).toBeGreaterThanOrEqual(output.analog.top1Mean as number);
    // The same seed reproduces the same trials.
    const again = JSON.parse(crossbar([...args, '--db', join(dir, 'again.db')]).stdout) as typeof output;
    expect(again.analog.trials).toEqual(output.analog.trials);
  });

  it('says how to fix a rowsMax smaller than one 3×3 kernel (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-rows-'));
    writeFileSync(join(dir, 'hw.json'), JSON.stringify({ array: { rowsMax: 4 } }));
    const result = crossbar([
      'run',
      '--config',
      join(dir, 'hw.json'),
      '--limit',
      '20',
      '--db',
      join(dir, 'r.db'),
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /array\.rowsMax 4 is smaller than one kernel's 9 rows; raise array\.rowsMax to at least 9/,
    );
  });

  it('uses CROSSBAR_DB when --db is absent', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'cb-db-')), 'env.db');
    const result = crossbar(['run', '--json', '--limit', '10'], { CROSSBAR_DB: db });
    expect(result.status).toBe(0);
    const store = openStore(db);
    expect(store.runs.list()).toHaveLength(1);
    store.close();
  });

  // An option the schema accepts but this version does not simulate yet.
  const pendingConfig = join(mkdtempSync(join(tmpdir(), 'cb-pending-')), 'parasitics.json');
  writeFileSync(
    pendingConfig,
    JSON.stringify({
      array: { parasitics: { rp: 1e-3 } },
      device: { readNoise: { model: 'state-independent', alpha: 0.01 } },
    }),
  );

  it.each([
    [['run', '--limit', 'zero'], /--limit must be an integer ≥ 1, got "zero"/],
    [['run', '--bogus'], /Unknown option '--bogus'/],
    [
      ['run', '--model', '/nowhere/model.onnx', '--data', '/tmp'],
      /cannot read model \/nowhere\/model\.onnx: ENOENT/,
    ],
    [['run', '--data', '/nowhere/images'], /\/nowhere\/images/],
    [['nonsense'], /unknown command "nonsense"/],
    [
      ['run', '--config', pendingConfig],
      /not available yet in this version: device\.readNoise with array\.parasitics\.rp > 0/,
    ],
    [['run', '--preset', 'TPU'], /unknown preset "TPU"; known presets: SONOS, ISAAC, PRIME/],
    [
      ['run', '--db', '/proc/no-such-folder/runs.db'],
      /cannot create the folder of \/proc\/no-such-folder\/runs\.db/,
    ],
    [['run', '--db', tmpdir()], new RegExp(`cannot open ${tmpdir()}`)],
    [
      ['run', '--layout', 'flat'],
      /--layout must be one of class-folders, ilsvrc-flat, wnid-folders, got "flat"/,
    ],
  ])('refuses %j with exit code 2 and a message naming the problem', (args, message) => {
    const result = crossbar(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('names a corrupt ONNX file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-bad-'));
    writeFileSync(join(dir, 'broken.onnx'), 'this is not protobuf');
    const result = crossbar(['run', '--model', join(dir, 'broken.onnx'), '--data', join(dir)]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(join(dir, 'broken.onnx'));
  });

  it('names the model and the shapes when the input does not fit the preprocessing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-pre-'));
    writeFileSync(join(dir, 'rgb.json'), JSON.stringify({ resize: 0, crop: 32, channels: 3 }));
    const result = crossbar(['run', '--preprocess', join(dir, 'rgb.json'), '--limit', '5']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /model\.onnx expects input \[\?, 1, 28, 28\], but the preprocessing gives \[N, 3, 32, 32\]/,
    );
  });

  it('leaves a consistent database when killed mid-run, and the run shows as interrupted', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'cb-kill-')), 'runs.db');
    const child = spawn(process.execPath, [CLI, 'run', '--db', db], {
      env: { ...process.env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'cb-cache-')) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        if (/digital: [1-9]\d*\/1000/.test(chunk.toString())) resolve();
      });
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));

    const store = openStore(db);
    expect(store.check()).toEqual([]);
    expect(store.runs.list()[0].state).toBe('running');
    expect(store.runs.markInterrupted()).toBe(1);
    const run = store.runs.list()[0];
    expect(run.state).toBe('interrupted');
    const batches = store.runs.progress(run.id).batches;
    expect(batches.length).toBeGreaterThan(0);
    expect(run.imagesDone).toBe(batches.reduce((sum, b) => sum + b.images, 0));
    store.close();
  });
});
