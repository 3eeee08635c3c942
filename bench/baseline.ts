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
