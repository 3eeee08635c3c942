// Normalized conductance range (Gmax = 1, Gmin = 1/onOff) and the c-bit cell levels (§2, §3 "Cell levels").
import type { HardwareConfig } from '../../src-shared/config/hardware';
import { uniformQuantize } from './quantizers';

/** Gmin and Grange in units of Gmax (§2). */
export interface ConductanceScale {
  gMinNorm: number;
  gRangeNorm: number;
}

/** Gmin = 1/onOff, 0 for an infinite on/off ratio (onOff 0); Grange = 1 − Gmin (§2). */
export function conductanceScale(onOff: number): ConductanceScale {
  const gMinNorm = onOff === 0 ? 0 : 1 / onOff;
  if (gMinNorm >= 1) throw new Error(`device.onOff ${onOff} leaves no conductance range (Gmin = Gmax)`);
  return { gMinNorm, gRangeNorm: 1 - gMinNorm };
}

/** Rounds a target conductance to the nearest of 2^c evenly spaced levels from Gmin to Gmax; c = 0 is continuous. */
export function cellQuantize(gNorm: number, scale: ConductanceScale, cellBits: number): number {
  if (cellBits === 0) return gNorm;
  return uniformQuantize(gNorm, scale.gMinNorm, 1, 2 ** cellBits);
}

/**
 * The cell bits in force: `device.cellBits` when given, else derived (§3 "Cell levels"; README "Weights"):
 * b per slice when sliced, B_w − 1 one-sided, B_w two-sided and offset, 0 (continuous) for unquantized weights.
 */
export function cellBitsInForce(config: HardwareConfig, bitsPerSlice: number | null): number {
  if (config.device.cellBits !== null) return config.device.cellBits;
  if (bitsPerSlice !== null) return bitsPerSlice;
  const weightBits = config.weights.bits;
  if (weightBits === 0) return 0;
  const oneSided = config.mapping.scheme === 'differential' && config.mapping.differential === 'one-sided';
  return oneSided ? weightBits - 1 : weightBits;
}
