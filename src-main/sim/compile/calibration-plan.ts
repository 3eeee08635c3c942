// The plan calibration runs on: ideal DAC with unit limit and ideal ADC, so products give Σ G·x in raw units (§6),
// on ideal, noiseless cells (no programming error, read noise or drift, hence nothing to compensate).
import type { LayerPlan, MappedLayer } from './layer-plan';

export function profilingPlan(mapped: MappedLayer): LayerPlan {
  return {
    ...mapped,
    compensateDrift: false,
    readNoise: { sigma: null, constantSigma: true, clipBounds: null },
    dac: { signed: false, limit: 1, levels: 0 },
    inputBits: null,
    adcs: mapped.slices.map(() => ({ ideal: true })),
  };
}
