// Read noise as output-referred Gaussian noise (analog-model.md §4, §11): fresh on every MVM, exactly distributed
// as independent per-cell noise when reads are not clipped: Var(column j) = Σᵢ x̂ᵢ²·Σ_cells σ(Gᵢⱼ)².
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import type { SigmaOfG } from '../devices/error-models';
import type { GraphBuilder } from '../onnx/graph-builder';
import type { ConductanceSlot } from './emit-layer';
import { emitProduct, emitRowSums } from './emit-products';
import type { Constant } from './emit-quantizers';
import type { MatrixLayer } from './matrix-layer';

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

export interface ReadNoiseModel {
  /** σ(G) of one read; null: no read noise. */
  sigma: SigmaOfG | null;
  /** The same σ for every cell (state-independent): one row norm replaces the extra product. */
  constantSigma: boolean;
  /** `readNoise.clip`: every read is clipped to these bounds, per cell (the slow path); null: unclipped. */
  clipBounds: [low: number, high: number] | null;
}

type SlotFactory = (name: string, dims: number[], fill: ConductanceSlot['fill']) => string;

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
  const unitNormal = graph.op('RandomNormalLike', [noisy.product], { seed: { float: 0 } });
  return graph.op('Add', [noisy.product, graph.op('Mul', [unitNormal, graph.op('Sqrt', [variance])])]);
}
