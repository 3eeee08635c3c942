// Wire resistance (docs/analog-model.md §7) against the same design with ideal wires: the per-image time of the
// compiled graphs, and the per-trial cost of solving every array's network, measured in one run.
import * as ort from 'onnxruntime-node';
import { availableParallelism } from 'node:os';
import type { HardwareConfig } from '../src-shared/config/hardware';
import { DEFAULT_SOLVE, solveTransfer } from '../src-main/sim/circuit/transfer-matrix';
import { onThreads } from '../src-main/sim/circuit/wire-solve-pool';
import type { MappedLayer } from '../src-main/sim/compile/layer-plan';
import { gatherArray, physicalArrays } from '../src-main/sim/compile/physical-arrays';
import { SeededRandom } from '../src-main/sim/devices/seeded-random';
import { AnalogModel } from '../src-main/sim/evaluate/analog-model';
import { pairedMsPerImage } from './timing';

/** Every solve on all cores, as a run on one machine gets them (`crossbar run` gives onnxruntime all of them). */
const THREADS = availableParallelism();

export interface WireComparison {
  idealMsPerImage: number;
  wiredMsPerImage: number;
  /** Calibration plus one trial's programming, seconds: with wires every array's network is solved twice. */
  idealSetupSeconds: number;
  wiredSetupSeconds: number;
}

/** A one-trial run over `images` images with wires, over the same run with ideal wires. */
export function runRatio(c: WireComparison, images: number): number {
  return (
    (c.wiredSetupSeconds + (images * c.wiredMsPerImage) / 1000) /
    (c.idealSetupSeconds + (images * c.idealMsPerImage) / 1000)
  );
}

export function withWires(config: HardwareConfig, rp: number): HardwareConfig {
  return { ...config, array: { ...config.array, parasitics: { ...config.array.parasitics, rp } } };
}

/** Both designs compiled, calibrated on `input` and programmed for one trial; then paired per-image timing. */
export async function compareWires(
  name: string,
  bytes: Uint8Array,
  config: HardwareConfig,
  rp: number,
  input: ort.Tensor,
  repeats: number,
): Promise<WireComparison> {
  const prepare = async (design: HardwareConfig) => {
    const start = performance.now();
    const model = AnalogModel.map(bytes, name, design, { seed: 1, intraOpThreads: THREADS });
    const trials = model.compile(await model.calibratedPlans(() => once(input)));
    const cells = model.program(0);
    const seconds = (performance.now() - start) / 1000;
    return { seconds, session: (await trials.session(cells)).session };
  };
  const ideal = await prepare(config);
  const wired = await prepare(withWires(config, rp));
  const [idealMs, wiredMs] = await pairedMsPerImage([ideal.session, wired.session], input, repeats);
  await Promise.all([ideal.session.release(), wired.session.release()]);
  return {
    idealMsPerImage: idealMs,
    wiredMsPerImage: wiredMs,
    idealSetupSeconds: ideal.seconds,
    wiredSetupSeconds: wired.seconds,
  };
}

export interface ShapeCost {
  rows: number;
  cols: number;
  arrays: number;
  /** Seconds to solve one array of this shape (its programmed cells, one trial). */
  secondsPerArray: number;
}

/**
 * The per-trial solve of a model too large to solve whole in a benchmark: every array shape the mapping
 * produces, one array of each solved with its own programmed cells and timed, and the count of its kind.
 */
export function solveCostByShape(bytes: Uint8Array, name: string, config: HardwareConfig): ShapeCost[] {
  const model = AnalogModel.map(bytes, name, config, { seed: 1, intraOpThreads: 1 });
  const { mapped } = model;
  const shapes = new Map<string, ShapeCost & { plan: MappedLayer; layer: number; array: number }>();
  mapped.layers.forEach(({ mapped: plan }, layer) => {
    physicalArrays(plan).forEach((array, index) => {
      const key = `${array.rows}×${array.cols}`;
      const known = shapes.get(key);
      if (known) known.arrays++;
      else
        shapes.set(key, {
          rows: array.rows,
          cols: array.cols,
          arrays: 1,
          secondsPerArray: 0,
          plan,
          layer,
          array: index,
        });
    });
  });
  const { rp, interleaved } = config.array.parasitics;
  return [...shapes.values()].map(({ plan, layer, array: index, ...shape }) => {
    const planes = model.programLayer(0, layer, { wires: false }).slices[0].planes;
    const array = physicalArrays(plan)[index];
    const networks = planes.length === 2 && interleaved ? [planes] : planes.map((plane) => [plane]);
    const start = performance.now();
    for (const network of networks) {
      solveTransfer({
        rows: array.rows,
        cols: array.cols,
        rp,
        planes: network.map((p) => gatherArray(plan, p, array)),
      });
    }
    return { ...shape, secondsPerArray: (performance.now() - start) / 1000 };
  });
}

async function* once(tensor: ort.Tensor) {
  yield { tensor: tensor.data as Float32Array, dims: tensor.dims };
}

/**
 * Seconds to solve one interleaved differential array of `rows` × `cols` cells holding Gaussian weights (most
 * near Gmin, as trained layers are), on/off 100: how the per-trial cost grows with the array's size.
 */
export function solveSecondsOfSize(rows: number, cols: number, rp: number): number {
  const random = new SeededRandom(7, rows, cols);
  const weights = Float64Array.from({ length: rows * cols }, () => random.normal());
  const wMax = Math.max(...weights.map(Math.abs));
  const [gMin, gRange] = [0.01, 0.99];
  const plane = (sign: number) => weights.map((w) => gMin + (gRange * Math.max(sign * w, 0)) / wMax);
  const start = performance.now();
  solveTransfer(
    { rows, cols, rp, planes: [plane(1), plane(-1)] },
    DEFAULT_SOLVE,
    onThreads(THREADS),
    THREADS,
  );
  return (performance.now() - start) / 1000;
}
