// Types the emitters share: the per-trial conductance slots and the integer-domain scaling of a layer's graph.
import type { AdcSpec } from '../circuit/adc';
import type { ProgrammedLayer } from './program-layer';

/** A conductance initializer whose values are re-filled for every trial (§11: nothing else is recompiled). */
export interface ConductanceSlot {
  name: string;
  fill(programmed: ProgrammedLayer): Float32Array;
}

/** Creates a conductance initializer of the given dims, re-filled per trial; returns its name. */
export type SlotFactory = (name: string, dims: number[], fill: ConductanceSlot['fill']) => string;

/** Integer-domain bookkeeping (see `emitLayer`). */
export interface Scaling {
  /** Normalized input x̂ = (DAC output) / dacDivisor. */
  dacDivisor: number;
  /** What drives a row at full scale, in the units the products see: dacDivisor, or 2^s − 1 for an input slice. */
  inputDivisor: number;
  /** Σ weight_k over the input slices each digitized on its own (their ADC shifts add up so); else 1. */
  conversionWeight: number;
  slices: SliceScaling[];
}

/** One weight slice's arrays: their ADC, and what one of their codes is worth. */
export interface SliceScaling {
  index: number;
  adc: AdcSpec;
  /** ADC code = array output / adcStep (1 for an ideal ADC). */
  adcStep: number;
  /** W·x per unit of offset-free array output: Wmax · DAC limit / the slice's gain. */
  outputScale: number;
  /** Weight of this slice's codes relative to slice 0's in the digital shift-and-add. */
  codeWeight: number;
}
