// The simulator-core baseline of the reference study, as the benchmarks use it.
import { hardwareSchema } from '../src-shared/config/hardware';

/** Differential, 8-bit weights, 1152×256 arrays, 8-bit DAC and ADC (calibrated), 1 % state-independent error. */
export const BASELINE = hardwareSchema.parse({
  weights: { bits: 8 },
  array: { rowsMax: 1152, colsMax: 256 },
  dac: { bits: 8 },
  adc: { bits: 8 },
  device: { programmingError: { model: 'state-independent', alpha: 0.01 } },
});

/** The baseline plus 1 % state-independent read noise, fresh on every MVM (the read-noise benchmark design). */
export const BASELINE_WITH_READ_NOISE = hardwareSchema.parse({
  ...BASELINE,
  device: {
    ...BASELINE.device,
    readNoise: { ...BASELINE.device.readNoise, model: 'state-independent', alpha: 0.01 },
  },
});

/**
 * The kernel-efficiency design: 4 weight slices, 8-bit inputs applied one bit at a time with an ADC per input
 * bit, 288-row arrays — 32 array products per weight, each digitized.
 */
export const SLICED_BIT_SERIAL = hardwareSchema.parse({
  ...BASELINE,
  mapping: { ...BASELINE.mapping, slices: 4 },
  array: { ...BASELINE.array, rowsMax: 288 },
  dac: { ...BASELINE.dac, bitSerial: true, sliceBits: 1 },
  adc: { ...BASELINE.adc, perInputBit: true },
});
