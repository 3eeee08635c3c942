// One analog layer on given inputs (docs/analog-model.md §13): the path `crossbar mvm` and outside references check.
// The layer is a one-node model, y = x·Wᵀ, that goes through the analog model as any user's model does.
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { GraphBuilder } from '../onnx/graph-builder';
import { AnalogModel } from './analog-model';
import type { ArrayStatistics } from './array-statistics';
import type { ImageBatch } from './image-chunks';
import { runLogits } from './model-session';

export interface MvmOptions {
  trials: number;
  seed: number;
}

export interface MvmResult {
  /** [trial][n][outputs], in algorithmic units. */
  outputs: number[][][];
  /** Per-array statistics of §8, from the first trial. */
  arrays: ArrayStatistics[];
}

/** The layer's name in statistics and messages. */
const MVM_LAYER = 'mvm';

export async function simulateMvm(
  config: HardwareConfig,
  weights: number[][],
  inputs: number[][],
  options: MvmOptions,
): Promise<MvmResult> {
  const model = AnalogModel.map(mvmModel(weights), MVM_LAYER, config, {
    seed: options.seed,
    intraOpThreads: 1,
  });
  const batch: ImageBatch = {
    tensor: Float32Array.from(inputs.flat()),
    dims: [inputs.length, weights[0].length],
  };
  // Calibrated on X itself, every value of it (§13): there are no images to sample from.
  const trials = model.compile(
    await model.calibratedPlans(
      async function* () {
        yield batch;
      },
      { samplesPerImage: Infinity },
    ),
  );
  const outputs: number[][][] = [];
  let arrays: ArrayStatistics[] = [];
  for (let trial = 0; trial < options.trials; trial++) {
    const cells = model.program(trial);
    const session = await trials.session(cells);
    try {
      const { logits: y } = await runLogits(session, batch.tensor, batch.dims);
      outputs.push(
        inputs.map((_, n) => Array.from(y.subarray(n * weights.length, (n + 1) * weights.length))),
      );
    } finally {
      await session.session.release();
    }
    if (trial === 0) arrays = await trials.diagnose(cells, batch);
  }
  return { outputs, arrays };
}

/** y = W·x over the last axis of x, as an ONNX model: one MatMul by the constant Wᵀ, named "mvm". */
function mvmModel(weights: number[][]): Uint8Array {
  const [outputs, inputs] = [weights.length, weights[0].length];
  const transposed = new Float32Array(inputs * outputs);
  weights.forEach((row, o) => row.forEach((w, i) => (transposed[i * outputs + o] = w)));
  const graph = new GraphBuilder(MVM_LAYER);
  const x = graph.input('x', ['N', inputs]);
  graph.namedOp(MVM_LAYER, 'MatMul', [x, graph.constant('weights', [inputs, outputs], transposed)], {}, 'y');
  graph.output('y', ['N', outputs]);
  return graph.encode();
}
