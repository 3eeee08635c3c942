// `crossbar run`: evaluate a model on images (the bundled demo by default) and store the run (docs/cli.md).
import { evaluateRun, type RunSummary } from '../../app/runs/evaluate-run';
import { userTensorCache } from '../../app/user-tensor-cache';
import type { DatasetLayout } from '../../data';
import { loadHardwareConfig } from '../../app/config/load-hardware-config';
import { defineCommand, type CommandIo } from '../command';
import { runStoreJob } from '../store-job';
import { integerFlag } from '../integer-flags';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../usage';
import { runProgress } from '../progress-reporter';
import {
  DEFAULT_IMAGE_SAMPLE,
  describeSubset,
  IMAGE_SAMPLES,
  type ImageSample,
} from '../../../src-shared/config/image-sample';

export const runCommand = defineCommand({
  summary: 'evaluate a model on images (the bundled demo by default) and store the run',
  usage: [
    'usage: crossbar run [--model M.onnx] [--data DIR] [--labels FILE] [--layout L] [--preprocess P.json]',
    '                    [--config C.json | --preset SONOS|ISAAC|PRIME] [--trials T] [--calibration N]',
    `                    [--limit N] [--sample ${IMAGE_SAMPLES.join('|')}] [--seed S] [--stats-images N]`,
    '                    [--db FILE] [--json]',
    '',
    'Without --config/--preset only the digital baseline runs; with one, T analog Monte-Carlo trials follow,',
    'calibrated on N images (default 100) drawn from those not tested. Per-array statistics (error, ADC',
    'clipping, conductances) are computed every trial on the first --stats-images test images (default 32; 0: none).',
    '--limit N tests N images drawn with --seed (default 0), by default the same share of every class',
    '("stratified"); "random" draws uniformly, "first" takes the first N in file order.',
    'With no --model and --data it runs the bundled Fashion-MNIST demo. The layout of --data is detected;',
    '--layout class-folders|ilsvrc-flat|wnid-folders overrides it (class-folders numbers WordNet-ID folders',
    '0..N-1, for a model trained on a subset of ImageNet).',
  ].join('\n'),
  flags: {
    model: { type: 'string' },
    data: { type: 'string' },
    labels: { type: 'string' },
    layout: { type: 'string' },
    config: { type: 'string' },
    preset: { type: 'string' },
    trials: { type: 'string' },
    calibration: { type: 'string' },
    preprocess: { type: 'string' },
    limit: { type: 'string' },
    sample: { type: 'string' },
    seed: { type: 'string' },
    'stats-images': { type: 'string' },
    json: { type: 'boolean' },
  },
  async execute({ values }, io) {
    const sample = (values.sample ?? DEFAULT_IMAGE_SAMPLE) as ImageSample;
    if (!IMAGE_SAMPLES.includes(sample)) {
      throw new UsageError(`--sample must be one of ${IMAGE_SAMPLES.join(', ')}, got "${sample}"`);
    }
    return runStoreJob(values.db, io, async ({ store, signal, progress }) => {
      const summary = await evaluateRun(
        store,
        {
          modelFile: values.model,
          dataDir: values.data,
          labelsFile: values.labels,
          layout: parseLayout(values.layout),
          preprocessFile: values.preprocess,
          limit: values.limit === undefined ? undefined : integerFlag('--limit', values.limit, 1),
          sample,
          seed: values.seed === undefined ? 0 : integerFlag('--seed', values.seed, 0),
          config: loadHardwareConfig({ file: values.config, preset: values.preset }),
          trials: values.trials === undefined ? undefined : integerFlag('--trials', values.trials, 1),
          calibrationCount:
            values.calibration === undefined
              ? undefined
              : integerFlag('--calibration', values.calibration, 1),
          statisticsImages:
            values['stats-images'] === undefined
              ? undefined
              : integerFlag('--stats-images', values['stats-images'], 0),
        },
        {
          ...userTensorCache(),
          signal,
          onProgress: (event) => progress.update(runProgress(event)),
        },
      );
      progress.finish();
      report(summary, Boolean(values.json), io);
      return summary.state === 'finished' ? EXIT_OK : EXIT_FAILED;
    });
  },
});

function report(summary: RunSummary, json: boolean, io: CommandIo): void {
  for (const warning of summary.warnings) io.stderr.write(`warning: ${warning}\n`);
  if (json) {
    const { runId, model, dataset, images, sample, warnings, skipped, digital, analog } = summary;
    io.stdout.write(
      `${JSON.stringify({ runId, model, dataset, images, sample, warnings, skipped, digital, analog })}\n`,
    );
    return;
  }
  const percent = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(2)} %`);
  io.stdout.write(
    [
      `run ${summary.runId} ${summary.state}: ${summary.images} images of ${summary.dataset}`,
      ...(summary.sample ? [`sample   ${describeSubset(summary.sample)}`] : []),
      `digital  top-1 ${percent(summary.digital.top1)}  top-5 ${percent(summary.digital.top5)}`,
      ...(summary.analog
        ? [
            `analog   top-1 ${percent(summary.analog.top1Mean)} ± ${percent(summary.analog.top1Std)} ` +
              `(95% CI ${summary.analog.top1Ci95.map(percent).join(' – ')}, ${summary.analog.trials.length} trials)  ` +
              `top-5 ${percent(summary.analog.top5Mean)}`,
          ]
        : []),
      ...(summary.skipped.length > 0
        ? [
            `skipped ${summary.skipped.length} file(s):`,
            ...summary.skipped.map((s) => `  ${s.file}: ${s.reason}`),
          ]
        : []),
    ].join('\n') + '\n',
  );
}

const LAYOUTS: readonly DatasetLayout[] = ['class-folders', 'ilsvrc-flat', 'wnid-folders'];

function parseLayout(text: string | undefined): DatasetLayout | undefined {
  if (text === undefined) return undefined;
  const layout = LAYOUTS.find((candidate) => candidate === text);
  if (!layout) throw new UsageError(`--layout must be one of ${LAYOUTS.join(', ')}, got "${text}"`);
  return layout;
}
