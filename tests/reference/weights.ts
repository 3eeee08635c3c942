// Weight range (percentile clipping) and B_w-bit weight quantization (§3; README "Weights").
import type { HardwareConfig } from '../../src-shared/config/hardware';
import { symmetricPercentileMagnitude } from './percentile';
import { roundHalfAwayFromZero, symmetricQuantize } from './quantizers';

/** The layer's weights after clipping and quantization, relative to Wmax. */
export interface QuantizedWeights {
  /** Wmax in algorithmic weight units. */
  wmax: number;
  weightBits: number;
  /** w_q / Wmax in [−1, 1], [output][input]. */
  wNorm: number[][];
  /** W_int = round(w/Wmax·(2^(B_w−1) − 1)), [output][input]; null for unquantized weights (bits 0). */
  wInt: number[][] | null;
}

/** 2^(B−1) − 1: the largest integer magnitude of a B-bit symmetric quantity. */
export function magnitudeLevels(bits: number): number {
  return 2 ** (bits - 1) - 1;
}

/** Wmax = max(|P-th|, |(100 − P)-th|) percentile of all weights (P = 100 gives max|W|). */
function weightRange(weights: number[][], percentile: number): number {
  const wmax = symmetricPercentileMagnitude(weights.flat(), percentile);
  if (!(wmax > 0)) throw new Error('the weight range is zero: every weight is 0');
  return wmax;
}

export function quantizeWeights(
  weights: number[][],
  weightConfig: HardwareConfig['weights'],
): QuantizedWeights {
  const wmax = weightRange(weights, weightConfig.percentile);
  const weightBits = weightConfig.bits;
  if (weightBits === 1) throw new Error('weights.bits 1 leaves only the zero level (2^1 − 1 = 1 level)');
  // Clip to ±Wmax (README "Weights"), then normalize.
  const wClippedNorm = weights.map((row) => row.map((w) => Math.min(Math.max(w / wmax, -1), 1)));
  if (weightBits === 0) return { wmax, weightBits, wNorm: wClippedNorm, wInt: null };
  const levels = magnitudeLevels(weightBits);
  return {
    wmax,
    weightBits,
    wNorm: wClippedNorm.map((row) => row.map((w) => symmetricQuantize(w, levels))),
    wInt: wClippedNorm.map((row) => row.map((w) => roundHalfAwayFromZero(w * levels))),
  };
}
