// Read noise as output-referred Gaussian noise (docs/analog-model.md §4, §11): fresh on every MVM, exactly distributed
// as independent per-cell noise when reads are not clipped: Var(column j) = Σᵢ x̂ᵢ²·Σ_cells σ(Gᵢⱼ)².
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import type { GraphBuilder } from '../onnx/graph-builder';
import { emitProduct, emitRowSums } from './emit-products';
import type { MatrixLayer } from './matrix-layer';
import type { ReadNoiseModel } from './compile-types';
import type { ConductanceSlot, SlotFactory } from './emit-types';
import type { Constant } from './compile-types';

export type ReadNoiseSpec = HardwareConfig['device']['readNoise'];

/** One product of one row partition, and what its read noise needs. */
export interface NoisyProduct {
  /** The partition's DAC codes squared (Σ x̂² per output position, up to the DAC divisor). */
  squaredCodes: string;
  channelCount: number;
  /** The noise-free product, in ADC codes. */
  product: string;
  outputs: number;
  /** Product-layout weights Σ_cells σ(G)² × `varianceScale` for the programmed cells (state-dependent σ). */
  variances: { dims: number[]; fill: ConductanceSlot['fill'] };
  /** σ² in conductance units → variance in ADC codes per squared DAC code: 1 / (dacDivisor · adcStep)². */
  varianceScale: number;
  /** Noisy cells per weight: 2 for a differential pair, 1 for an offset cell or a unit column. */
  cellsPerWeight: number;
}

/** product + N(0, 1)·std, std from one row norm (constant σ) or one extra product of x̂² with σ(G)². */
export function addReadNoise(
  graph: GraphBuilder,
  layer: MatrixLayer,
  model: ReadNoiseModel,
  noisy: NoisyProduct,
  constant: Constant,
  conductanceSlot: SlotFactory,
): string {
  if (!model.sigma) return noisy.product;
  let variance: string;
  if (model.constantSigma) {
    const sums = emitRowSums(graph, layer, noisy.squaredCodes, constant, noisy.channelCount);
    const perSum = model.sigma(0) ** 2 * noisy.cellsPerWeight * noisy.varianceScale;
    variance = graph.op('Mul', [sums, constant(graph.uniqueName('read_var_scale'), [], [perSum])]);
  } else {
    const weights = conductanceSlot(graph.uniqueName('read_var'), noisy.variances.dims, noisy.variances.fill);
    variance = emitProduct(graph, layer, noisy.squaredCodes, weights, 0, noisy.outputs, constant);
  }
  const unitNormal = standardNormalLike(graph, noisy.product, constant);
  return graph.op('Add', [noisy.product, graph.op('Mul', [unitNormal, graph.op('Sqrt', [variance])])]);
}

/**
 * N(0, 1) values in the shape of `like`, fresh on every run, by Box–Muller from two uniform draws of half the
 * size: onnxruntime's RandomNormalLike draws on one thread at about 20 ns a value, RandomUniformLike at about
 * 4.5 ns, and the transform is a few vectorized elementwise passes. u₁ starts at the smallest normal float, so
 * the radius √(−2 ln u₁) stays finite (tails beyond 5.7σ are lost at float32's resolution of u₁ in any case).
 */
export function standardNormalLike(graph: GraphBuilder, like: string, constant: Constant): string {
  const flat = graph.op('Reshape', [like, graph.int64Constant(graph.uniqueName('flat'), [-1])]);
  const count = graph.shapeDims(flat, 0, 1);
  const pairs = graph.op('Div', [
    graph.op('Add', [count, graph.int64Constant(graph.uniqueName('one'), [1])]),
    graph.int64Constant(graph.uniqueName('two'), [2]),
  ]);
  const half = graph.op('ConstantOfShape', [pairs]);
  const uniform = (low: number) =>
    graph.op('RandomUniformLike', [half], { low: { float: low }, high: { float: 1 }, seed: { float: 0 } });
  const radius = graph.op('Sqrt', [
    graph.op('Mul', [
      graph.op('Log', [uniform(2 ** -126)]),
      constant(graph.uniqueName('minus_two'), [], [-2]),
    ]),
  ]);
  const angle = graph.op('Mul', [uniform(0), constant(graph.uniqueName('two_pi'), [], [2 * Math.PI])]);
  const normals = graph.op(
    'Concat',
    [
      graph.op('Mul', [radius, graph.op('Cos', [angle])]),
      graph.op('Mul', [radius, graph.op('Sin', [angle])]),
    ],
    { axis: 0 },
  );
  const trimmed = graph.op('Slice', [normals, graph.int64Constant(graph.uniqueName('from'), [0]), count]);
  return graph.op('Reshape', [trimmed, graph.op('Shape', [like])]);
}
