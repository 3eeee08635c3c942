// The wire-resistance section of docs/benchmarks.md (issue: parasitics): the demo measured whole, the
// ResNet50-shaped model's per-trial solve measured array shape by array shape, and the cost against array size.
import type * as ort from 'onnxruntime-node';
import { BASELINE } from './baseline';
import { compareWires, runRatio, solveCostByShape, solveSecondsOfSize, withWires } from './wire-resistance';
import { compareAnalogToDigital } from './analog-vs-digital';

const RP = 1e-4;
/** The bundled demo set: a run over all of it, one trial. */
const DEMO_RUN_IMAGES = 1000;
const SIZES: [number, number][] = [
  [64, 64],
  [128, 128],
  [256, 256],
  [288, 64],
  [576, 64],
  [1152, 64],
];

interface Model {
  bytes: Uint8Array;
  input: ort.Tensor;
}

export async function wireReport(demo: Model, resnet: Model, repeats: number): Promise<string[]> {
  const c = await compareWires('demo', demo.bytes, BASELINE, RP, demo.input, repeats);
  const fmt = (x: number) => x.toFixed(2);
  const shapes = solveCostByShape(resnet.bytes, 'resnet50', withWires(BASELINE, RP));
  const solveSeconds = shapes.reduce((sum, s) => sum + s.arrays * s.secondsPerArray, 0);
  const one = resnet.input.dims[0];
  const ideal = await compareAnalogToDigital(
    'resnet50',
    resnet.bytes,
    BASELINE,
    resnet.input,
    resnet.input,
    3,
  );
  // Calibration solves every array once with ideal cells, the trial once with its programmed cells.
  const idealOneImage = ideal.compileSeconds + ideal.analogMsPerImage / 1000;
  const wiredOneImage = idealOneImage + 2 * solveSeconds;
  return [
    '## Wire resistance',
    '',
    `R̂p = ${RP}, input-driven arrays, interleaved pairs, on the core baseline; against the same design with ideal`,
    'wires. An input-driven array is linear in its inputs, so each trial solves every array once for its transfer',
    'matrix (one preconditioned-CG solve per column or row, whichever is fewer, in float64, on all cores) and the compiled graph',
    'multiplies by it: the per-image cost is that of ideal wires, and the solve is paid per trial (and once more',
    'for calibration, which is stored and reused).',
    '',
    '| model | ideal wires ms/image | R̂p ms/image | per image | calibrate + program, ideal → R̂p | a run of its images, 1 trial |',
    '| --- | --- | --- | --- | --- | --- |',
    `| demo, batch of 256, median of ${repeats} paired runs | ${fmt(c.idealMsPerImage)} | ${fmt(c.wiredMsPerImage)} | ` +
      `**${fmt(c.wiredMsPerImage / c.idealMsPerImage)}×** | ${fmt(c.idealSetupSeconds)} s → ${fmt(c.wiredSetupSeconds)} s | ` +
      `**${fmt(runRatio(c, DEMO_RUN_IMAGES))}×** over ${DEMO_RUN_IMAGES} images (target ≤ 20×) |`,
    `| ResNet50-shaped, 1152-row arrays | ${fmt(ideal.analogMsPerImage)} | the same graph | 1× | ` +
      `${fmt(idealOneImage)} s → ${fmt(wiredOneImage)} s | **${fmt(wiredOneImage / idealOneImage)}×** for ${one === 1 ? 'one image' : `${one} images`} |`,
    '',
    `ResNet50-shaped: ${shapes.reduce((n, s) => n + s.arrays, 0)} arrays; one array of each shape solved with its`,
    'programmed cells and timed, times the number of arrays of that shape (solving all of them twice would take',
    `${((2 * solveSeconds) / 60).toFixed(0)} minutes in this benchmark):`,
    '',
    '| array shape | arrays | s per array |',
    '| --- | --- | --- |',
    ...shapes.map((s) => `| ${s.rows}×${s.cols} | ${s.arrays} | ${s.secondsPerArray.toFixed(2)} |`),
    '',
    'Cost against array size (one interleaved pair array, Gaussian weights): the solve takes min(rows, cols) + 1',
    'right-hand sides of 3·rows·cols unknowns, each a handful of CG iterations (more as R̂p·rows² grows), so it',
    'grows as rows·cols·min(rows, cols); the batch does not enter it, and per image the cost is the ideal product.',
    '',
    '| rows × cols | s per array |',
    '| --- | --- |',
    ...SIZES.map(([rows, cols]) => `| ${rows}×${cols} | ${solveSecondsOfSize(rows, cols, RP).toFixed(2)} |`),
    '',
  ];
}
