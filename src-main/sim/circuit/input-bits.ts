// Bit-serial inputs (docs/analog-model.md §5): the DAC code's magnitude bits applied s at a time, least significant
// first, each slice as a full-scale input, combined digitally (ADC per input bit) or in analog.
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import type { DacSpec } from './dac';

export interface InputBits {
  /** s: bits per input slice. */
  sliceBits: number;
  /** ⌈m/s⌉ slices of the m magnitude bits. */
  count: number;
  /** 2^s − 1: the digit that drives the full read voltage. */
  digitMax: number;
  /** Per slice k: 2^(s·k)·(2^s − 1)/(2^m − 1), so that Σ_k weight_k·digit_k/(2^s − 1) = x̂. */
  weights: number[];
  /** Each slice digitized on its own (ADC per input bit), or the slices accumulated in analog. */
  perInputBit: boolean;
}

/** The input slices of a quantizing DAC with `dac.bitSerial`; null otherwise. */
export function inputBits(config: HardwareConfig, dac: DacSpec): InputBits | null {
  if (!config.dac.bitSerial || dac.levels === 0) return null;
  const magnitudeBits = Math.round(Math.log2(dac.levels + 1));
  const sliceBits = config.dac.sliceBits;
  const digitMax = 2 ** sliceBits - 1;
  const count = Math.ceil(magnitudeBits / sliceBits);
  return {
    sliceBits,
    count,
    digitMax,
    weights: Array.from({ length: count }, (_, k) => (2 ** (sliceBits * k) * digitMax) / dac.levels),
    perInputBit: config.adc.perInputBit,
  };
}
