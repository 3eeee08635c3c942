// Types the emitters share: the per-trial conductance slots (a layer's readout is in layer-readout.ts).
import type { ProgrammedLayer } from './program-layer';

/** A conductance initializer whose values are re-filled for every trial (§11: nothing else is recompiled). */
export interface ConductanceSlot {
  name: string;
  fill(programmed: ProgrammedLayer): Float32Array;
}

/** Creates a conductance initializer of the given dims, re-filled per trial; returns its name. */
export type SlotFactory = (name: string, dims: number[], fill: ConductanceSlot['fill']) => string;
