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
import {
  compareZooFamily,
  measureRun,
  zooModels,
  ZOO_REPEATS,
  type RunMeasurement,
  type RunPhases,
} from './zoo';

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
function inChild<T>(...args: string[]): T {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`bench child ${args.join(' ')} failed`);
  return JSON.parse(child.stdout) as T;
}

function measureInChild(modelIndex: number, designIndex: number): Comparison {
  return inChild<Comparison>('--measure', String(modelIndex), String(designIndex));
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
  const zoo = zooSection();
  console.error(zoo.join('\n'));
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
    '',
    ...zoo,
  ].join('\n');
  writeFileSync(REPORT_FILE, report);
  console.log(report);
}

const REPORT_FILE = join(import.meta.dirname, '..', 'docs', 'benchmarks.md');
const ZOO_HEADING = '## The torchvision zoo at full width';

/**
 * `npm run bench -- --zoo-only`: measures only the zoo sections (the longest) and replaces them in the report,
 * dated, leaving the sections above as their last full run wrote them.
 */
function zooOnly(): void {
  const previous = readFileSync(REPORT_FILE, 'utf8');
  const at = previous.indexOf(ZOO_HEADING);
  const [heading, ...rest] = zooSection();
  const dated = [
    heading,
    '',
    `Measured by \`npm run bench -- --zoo-only\` on ${new Date().toISOString().slice(0, 10)}, ` +
      `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}.`,
    ...rest,
  ];
  const report = `${(at >= 0 ? previous.slice(0, at) : `${previous.trimEnd()}\n\n`) + dated.join('\n')}\n`;
  writeFileSync(REPORT_FILE, report);
  console.log(dated.join('\n'));
}

function poolRows(pool: PoolThroughput[]): string[] {
  const best = Math.max(...pool.map((p) => p.imagesPerSecond));
  return pool.map(
    ({ shape, imagesPerSecond }) =>
      `| ${shape.workers} × ${shape.threadsPerWorker} | ${imagesPerSecond.toFixed(0)} | ` +
      `${imagesPerSecond === best ? '**1.00** (fastest)' : (imagesPerSecond / best).toFixed(2)} |`,
  );
}

/** The full-width zoo, one row per family, and a default run of the largest models phase by phase. */
function zooSection(): string[] {
  const { models } = zooModels();
  const familyRows = models.map((model, i) => {
    const c = inChild<Comparison>('--zoo', String(i));
    const row =
      `| ${model.family} (\`${model.model}\`, ${(model.parameters / 1e6).toFixed(1)} M) | ` +
      `${c.digitalMsPerImage.toFixed(1)} | ${c.analogMsPerImage.toFixed(1)} | **${c.ratio.toFixed(2)}×** | ` +
      `${c.compileSeconds.toFixed(1)} s | ${c.peakMiB.toFixed(0)} MiB |`;
    console.error(row);
    return row;
  });
  const largeRuns = LARGE_RUNS.map(({ label, runs }) => {
    const [withStatistics, withoutStatistics, digital] = runs.map((run) =>
      inChild<RunPhases>('--run', JSON.stringify(run)),
    );
    const parameters = models.find((m) => m.family === runs[0].family)!.parameters;
    return largeRunRows(label, parameters, withStatistics, withoutStatistics, digital);
  });
  return [
    ZOO_HEADING,
    '',
    'torchvision 0.14 classifiers with random weights (`tools/model-zoo/export_zoo.py --size full --opsets 17`),',
    `224×224 (299 for Inception v3), on the core baseline; each model's own batch of 4 images, median of ${ZOO_REPEATS}`,
    'paired runs, each family in a process of its own. Target ≤ 1.5× for every family.',
    '',
    '| family (constructor, weights) | digital ms/image | analog ms/image | analog / digital | compile + calibrate + program | peak RSS |',
    '| --- | --- | --- | --- | --- | --- |',
    ...familyRows,
    '',
    '## A default run of a large model, phase by phase',
    '',
    '`crossbar run` as a user starts it: the core baseline, one trial, 100 calibration images, per-array statistics',
    'on the default 32 test images (and once with none), random 256×256 JPEGs; seconds per phase as the run reports',
    'its progress, peak RSS from the kernel. Targets: compile and calibrate (mapping, calibration, compiling)',
    "within a minute; statistics at most half of the rest of the run; peak at most the digital-only run's plus",
    '4 × the float32 weights.',
    '',
    '| model | statistics images | digital | mapping | calibration | programming | statistics | compiling | analog images | total | peak RSS |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...largeRuns.flatMap(({ rows }) => rows),
    '',
    ...largeRuns.map(({ summary }) => summary),
  ];
}

const LARGE_RUNS: { label: string; runs: RunMeasurement[] }[] = [
  { label: 'ResNet-50, 180 images', runs: largeRuns('resnet', 180) },
  { label: 'VGG-11-BN, 64 images', runs: largeRuns('vgg', 64) },
];

function largeRuns(family: string, images: number): RunMeasurement[] {
  return [
    { family, images, analog: true, statisticsImages: 32 },
    { family, images, analog: true, statisticsImages: 0 },
    { family, images, analog: false, statisticsImages: 0 },
  ];
}

function largeRunRows(
  label: string,
  parameters: number,
  withStatistics: RunPhases,
  withoutStatistics: RunPhases,
  digital: RunPhases,
): { rows: string[]; summary: string } {
  const cell = (phases: RunPhases, name: keyof RunPhases['seconds']) =>
    phases.seconds[name] === undefined ? '–' : `${phases.seconds[name]!.toFixed(1)} s`;
  const row = (phases: RunPhases, statistics: string) =>
    `| ${label} | ${statistics} | ${(
      ['digital', 'mapping', 'calibration', 'programming', 'statistics', 'compiling', 'analog'] as const
    )
      .map((name) => cell(phases, name))
      .join(' | ')} | ${phases.totalSeconds.toFixed(1)} s | ${phases.peakMiB.toFixed(0)} MiB |`;
  const s = withStatistics.seconds;
  const compileAndCalibrate = (s.mapping ?? 0) + (s.calibration ?? 0) + (s.compiling ?? 0);
  const statistics = s.statistics ?? 0;
  const rest = withStatistics.totalSeconds - statistics;
  const weightsMiB = (parameters * 4) / 2 ** 20;
  const budget = digital.peakMiB + 4 * weightsMiB;
  return {
    rows: [row(withStatistics, '32'), row(withoutStatistics, '0'), row(digital, 'digital only')],
    summary:
      `- ${label}: compile and calibrate (mapping, calibration, compiling) **${compileAndCalibrate.toFixed(0)} s** ` +
      `(target ≤ 60 s), programming a trial ${(s.programming ?? 0).toFixed(0)} s; statistics / rest of the run ` +
      `**${(statistics / rest).toFixed(2)}** (target ≤ 0.5); peak **${withStatistics.peakMiB.toFixed(0)} MiB** ` +
      `against ${digital.peakMiB.toFixed(0)} + 4 × ${weightsMiB.toFixed(0)} = ${budget.toFixed(0)} MiB ` +
      `(${withStatistics.peakMiB <= budget ? 'met' : 'missed'}).`,
  };
}

const measureAt = process.argv.indexOf('--measure');
const zooAt = process.argv.indexOf('--zoo');
const runAt = process.argv.indexOf('--run');
if (measureAt >= 0) await measure(Number(process.argv[measureAt + 1]), Number(process.argv[measureAt + 2]));
else if (zooAt >= 0)
  process.stdout.write(JSON.stringify(await compareZooFamily(Number(process.argv[zooAt + 1]))));
else if (runAt >= 0)
  process.stdout.write(
    JSON.stringify(await measureRun(JSON.parse(process.argv[runAt + 1]) as RunMeasurement)),
  );
else if (process.argv.includes('--zoo-only')) zooOnly();
else await main();
