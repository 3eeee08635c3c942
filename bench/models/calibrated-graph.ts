// Builds an ONNX graph while running it, op by op, on calibration images, so BatchNorm statistics fit the data.
import * as ort from 'onnxruntime-node';
import type { SeededRandom } from '../../src-main/sim/devices/seeded-random';
import { GraphBuilder, type AttributeValue } from '../../src-main/sim/onnx/graph-builder';

/** A tensor of the graph under construction: a constant, or an activation with its value on the calibration images. */
export interface Activation {
  name: string;
  dims: number[];
  values: Float32Array;
}

type Constant = Activation;

type Attributes = Record<string, AttributeValue>;

export class CalibratedGraph {
  readonly graph: GraphBuilder;
  /** Trained parameters (weights, biases, BN scale and shift), not the BN running statistics. */
  parameterCount = 0;

  constructor(
    name: string,
    private readonly random: SeededRandom,
  ) {
    this.graph = new GraphBuilder(name);
  }

  /** The graph input; `declaredShape` may be symbolic, `calibration` holds the images as [n, ...dims]. */
  input(name: string, declaredShape: (number | string)[], calibration: Omit<Activation, 'name'>): Activation {
    return { name: this.graph.input(name, declaredShape), ...calibration };
  }

  /** A random weight of std √(2 / fan-in) (He initialization), fan-in being all dims but the first. */
  heWeight(dims: number[]): Float32Array {
    const fanIn = dims.slice(1).reduce((a, b) => a * b, 1);
    const std = Math.sqrt(2 / fanIn);
    const weights = new Float32Array(dims[0] * fanIn);
    for (let i = 0; i < weights.length; i++) weights[i] = std * this.random.normal();
    return weights;
  }

  /** A trained parameter: counted, then added as an initializer. */
  parameter(name: string, dims: number[], values: Float32Array): Constant {
    this.parameterCount += values.length;
    return this.statistic(name, dims, values);
  }

  /** An initializer that is no trained parameter (a BN running statistic). */
  statistic(name: string, dims: number[], values: Float32Array): Constant {
    return { name: this.graph.constant(name, dims, values), dims, values };
  }

  /**
   * BatchNormalization whose running mean and variance are those its input has on the calibration images, so its
   * output is γ·(unit variance) + β, as after training. γ ∈ [0.5, 1.5) and β ~ N(0, 0.2²) are drawn at random.
   */
  async batchNorm(nodeName: string, x: Activation): Promise<Activation> {
    const channels = x.dims[1];
    const { mean, variance } = channelMoments(x);
    const scale = Float32Array.from({ length: channels }, () => 0.5 + this.random.uniform());
    const shift = Float32Array.from({ length: channels }, () => 0.2 * this.random.normal());
    const parameters = [
      this.parameter(`${nodeName}.weight`, [channels], scale),
      this.parameter(`${nodeName}.bias`, [channels], shift),
      this.statistic(`${nodeName}.running_mean`, [channels], mean),
      this.statistic(`${nodeName}.running_var`, [channels], variance),
    ];
    return this.apply('BatchNormalization', [x], parameters, { epsilon: 1e-5 }, nodeName);
  }

  /** Adds the node to the graph and computes its output on the calibration images with onnxruntime. */
  async apply(
    opType: string,
    inputs: Activation[],
    constants: Constant[] = [],
    attributes: Attributes = {},
    nodeName?: string,
  ): Promise<Activation> {
    const inputNames = [...inputs.map((input) => input.name), ...constants.map((constant) => constant.name)];
    const name = nodeName
      ? this.graph.namedOp(nodeName, opType, inputNames, attributes)
      : this.graph.op(opType, inputNames, attributes);
    const { values, dims } = await runOne(opType, inputs, constants, attributes);
    return { name, dims, values };
  }
}

/** Runs one node as a model of its own; the output rank is that of the first input, except after Flatten and Gemm. */
async function runOne(
  opType: string,
  inputs: Activation[],
  constants: Constant[],
  attributes: Attributes,
): Promise<Omit<Activation, 'name'>> {
  const step = new GraphBuilder('step');
  for (const input of inputs) step.input(input.name, input.dims);
  for (const constant of constants) step.constant(constant.name, constant.dims, constant.values);
  const names = [...inputs.map((input) => input.name), ...constants.map((constant) => constant.name)];
  const output = step.op(opType, names, attributes);
  const rank = opType === 'Flatten' || opType === 'Gemm' ? 2 : inputs[0].dims.length;
  step.output(
    output,
    Array.from({ length: rank }, (_, i) => `d${i}`),
  );
  const session = await ort.InferenceSession.create(step.encode());
  try {
    const feeds = Object.fromEntries(
      inputs.map((input) => [input.name, new ort.Tensor('float32', input.values, input.dims)]),
    );
    const result = (await session.run(feeds))[output];
    if (!(result.data instanceof Float32Array)) throw new Error(`${opType} gave ${result.type}, not float32`);
    return { values: result.data, dims: [...result.dims] };
  } finally {
    await session.release();
  }
}

/** Per-channel mean and (population) variance of an [N, C, ...] tensor, accumulated in Float64. */
function channelMoments(x: Omit<Activation, 'name'>): { mean: Float32Array; variance: Float32Array } {
  const [batch, channels] = x.dims;
  const plane = x.values.length / (batch * channels);
  const mean = new Float32Array(channels);
  const variance = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    let sumSquares = 0;
    for (let n = 0; n < batch; n++) {
      const start = (n * channels + c) * plane;
      for (let i = start; i < start + plane; i++) {
        sum += x.values[i];
        sumSquares += x.values[i] * x.values[i];
      }
    }
    const count = batch * plane;
    mean[c] = sum / count;
    variance[c] = Math.max(sumSquares / count - (sum / count) ** 2, 0);
  }
  return { mean, variance };
}
