// Types that every pass of the compiler shares (planning, programming, emitting), kept below all of them so that
// the planning pass never imports an emitter.
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import type { SigmaOfG } from '../devices/error-models';

/** Adds a float32 initializer (or reuses one of the same values) and returns its name. */
export type Constant = (name: string, dims: number[], values: number[] | Float32Array) => string;

/** The wires of an array (§7); R̂p 0 is ideal wires. */
export type Parasitics = HardwareConfig['array']['parasitics'];

/** How a layer's reads are noisy (§4, §11), resolved from the config. */
export interface ReadNoiseModel {
  /** σ(G) of one read; null: no read noise. */
  sigma: SigmaOfG | null;
  /** The same σ for every cell (state-independent): one row norm replaces the extra product. */
  constantSigma: boolean;
  /** `readNoise.clip`: every read is clipped to these bounds, per cell (the slow path); null: unclipped. */
  clipBounds: [low: number, high: number] | null;
}
