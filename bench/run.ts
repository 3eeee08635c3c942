// `npm run bench`: performance targets as ratios measured in one run; writes docs/benchmarks.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { resourcesDir } from '../src-main/app/paths';
import { loadBatches, openDataset } from '../src-main/data';
import { bundledDemo } from '../src-main/data/bundled-demo';
import { compareAnalogToDigital, type Comparison } from './analog-vs-digital';
import { BASELINE, BASELINE_WITH_READ_NOISE, SLICED_BIT_SERIAL } from './baseline';
import { buildResNet50 } from './models/resnet50';
import { comparePoolShapes, POOL_SWEEP_DESCRIPTION, type PoolThroughput } from './pool-throughput';
import { wireReport } from './wire-report';

async function demoImages(count: number): Promise<ort.Tensor> {
  const demo = bundledDemo(resourcesDir());
  const dataset = await openDataset(demo.imagesDir);
  const batch = (
    await loadBatches(dataset.items.slice(0, count), demo.card.preprocess, { batchSize: count }).next()
  ).value!;
  return new ort.Tensor('float32', batch.tensor, batch.dims);
}

function row(model: string, design: string, c: Comparison, target: string): string {
  return (
    `| ${model} | ${design} | ${c.digitalMsPerImage.toFixed(2)} | ${c.analogMsPerImage.toFixed(2)} | ` +
    `**${c.ratio.toFixed(2)}×** (target ${target}) | ${c.compileSeconds.toFixed(1)} s | ${c.peakMiB.toFixed(0)} MiB |`
  );
}

interface BenchModel {
  name: string;
  repeats: number;
  /** Targets per design, as the issues state them. */
  targets: [core: string, readNoise: string, slicedBitSerial: string];
  /** The model and its input batch (built in the child process that measures it). */
  build(): Promise<{ bytes: Uint8Array; input: ort.Tensor }>;
}

const DESIGNS = [
  ['core baseline', BASELINE],
  ['baseline + 1 % read noise', BASELINE_WITH_READ_NOISE],
  ['4 weight slices × 8 input bits, 288 rows', SLICED_BIT_SERIAL],
] as const;

const DEMO_REPEATS = 21;
const RESNET_REPEATS = 5;
const RESNET_IMAGES = 4;
// The sliced, bit-serial design runs ~30× longer per image: fewer paired runs keep the bench in minutes.
const SLICED_REPEATS = 7;

const MODELS: BenchModel[] = [
  {
    name: 'demo (Fashion-MNIST ResNet)',
    repeats: DEMO_REPEATS,
    targets: ['≤ 1.5×', '≤ 2×', '≤ 40×'],
    build: async () => ({
      bytes: readFileSync(bundledDemo(resourcesDir()).modelFile),
      input: await demoImages(256),
    }),
  },
  {
    name: 'ResNet50-shaped, 224×224',
    repeats: RESNET_REPEATS,
    targets: ['≤ 1.5×, ≤ 2 GB', '≤ 2×', '≤ 40×'],
    build: async () => {
      const dims = [RESNET_IMAGES, 3, 224, 224];
      const images = Float32Array.from(
        { length: dims.reduce((a, b) => a * b, 1) },
        (_, i) => Math.sin(i * 0.37) * 1.5,
      );
      return {
        bytes: (await buildResNet50({ seed: 50 })).bytes,
        input: new ort.Tensor('float32', images, dims),
      };
    },
  },
];

/** Child mode: measures one model and design and prints the comparison as JSON. */
async function measure(modelIndex: number, designIndex: number): Promise<void> {
  const model = MODELS[modelIndex];
  const [, config] = DESIGNS[designIndex];
  const { bytes, input } = await model.build();
  const repeats = config === SLICED_BIT_SERIAL ? SLICED_REPEATS : model.repeats;
  const result = await compareAnalogToDigital(model.name, bytes, config, input, input, repeats);
  process.stdout.write(JSON.stringify(result));
}

/** Each measurement in its own process, so that its peak RSS is its own and not what an earlier one left. */
function measureInChild(modelIndex: number, designIndex: number): Comparison {
  const child = spawnSync(
    process.execPath,
    [
      ...process.execArgv,
      fileURLToPath(import.meta.url),
      '--measure',
      String(modelIndex),
      String(designIndex),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
  );
  if (child.status !== 0)
    throw new Error(`bench child for model ${modelIndex}, design ${designIndex} failed`);
  return JSON.parse(child.stdout) as Comparison;
}

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const [m, model] of MODELS.entries()) {
    for (const [d, [design]] of DESIGNS.entries()) {
      rows.push(row(model.name, design, measureInChild(m, d), model.targets[d]));
      console.error(rows.at(-1));
    }
  }
  const pool = await comparePoolShapes();
  console.error(poolRows(pool).join('\n'));
  const resnet = await MODELS[1].build();
  const oneImage = [1, ...resnet.input.dims.slice(1)];
  const wires = await wireReport(
    { bytes: readFileSync(bundledDemo(resourcesDir()).modelFile), input: await demoImages(256) },
    {
      bytes: resnet.bytes,
      input: new ort.Tensor('float32', (resnet.input.data as Float32Array).slice(0, 3 * 224 * 224), oneImage),
    },
    DEMO_REPEATS,
  );
  console.error(wires.join('\n'));
  const report = [
    '<!-- Generated by `npm run bench` (bench/run.ts): edit the script, not this file. -->',
    '# Benchmarks',
    '',
    'Generated by `npm run bench` (bench/run.ts); every ratio is measured in one run, on the same inputs,',
    'with onnxruntime-node using all cores for both the digital and the analog model, running the two in turn',
    "(digital, analog, digital, …) and taking each one's median, so that a noisy machine slows both alike.",
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}. ` +
      `Date: ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| model | design | digital ms/image | analog ms/image | analog / digital | compile + calibrate + program | peak RSS |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'Core baseline: differential one-sided, 8-bit weights, 1152×256 arrays, 8-bit DAC and ADC with calibrated',
    'ranges, 1 % state-independent programming error; "+ read noise" adds 1 % state-independent read noise, drawn',
    'fresh on every MVM. "4 weight slices × 8 input bits": the baseline with weights in 4 sign–magnitude slices,',
    '8-bit inputs applied one bit at a time with an ADC per input bit (calibrated per slice), and 288-row arrays:',
    `32 digitized array products per weight (median of ${SLICED_REPEATS} paired runs).`,
    `Demo: batch of 256 bundled images, median of ${DEMO_REPEATS} paired runs.`,
    'ResNet50-shaped: built by `bench/models/resnet50.ts` (random He weights, BN statistics from random images),',
    'Each row is measured in a process of its own, so its peak RSS is its own.',
    `batch of ${RESNET_IMAGES} synthetic images, median of ${RESNET_REPEATS} paired runs; peak RSS covers mapping, calibration, compilation and the`,
    'analog session.',
    '',
    '## Sweep throughput of the worker pool',
    '',
    `Images evaluated per second over ${POOL_SWEEP_DESCRIPTION}; median of 3 alternating runs of each shape.`,
    'The job queue defaults to the faster shape (`src-main/jobs/pool-shape.ts`).',
    '',
    '| workers × onnxruntime threads | images/s | relative |',
    '| --- | --- | --- |',
    ...poolRows(pool),
    '',
    ...wires,
  ].join('\n');
  writeFileSync(join(import.meta.dirname, '..', 'docs', 'benchmarks.md'), report);
  console.log(report);
}

function poolRows(pool: PoolThroughput[]): string[] {
  const best = Math.max(...pool.map((p) => p.imagesPerSecond));
  return pool.map(
    ({ shape, imagesPerSecond }) =>
      `| ${shape.workers} × ${shape.threadsPerWorker} | ${imagesPerSecond.toFixed(0)} | ` +
      `${imagesPerSecond === best ? '**1.00** (fastest)' : (imagesPerSecond / best).toFixed(2)} |`,
  );
}

const measureAt = process.argv.indexOf('--measure');
if (measureAt >= 0) await measure(Number(process.argv[measureAt + 1]), Number(process.argv[measureAt + 2]));
else await main();
