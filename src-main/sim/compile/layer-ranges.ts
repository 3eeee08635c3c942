// The converter ranges a calibration chose for a layer: what a stored calibration keeps and a later run reuses
// (docs/analog-model.md §6), and the plan rebuilt from them.
import { z } from 'zod';
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { planLayer, type LayerPlan, type MappedLayer } from './layer-plan';

export const layerRangesSchema = z.strictObject({
  layer: z.string(),
  dac: z.strictObject({ signed: z.boolean(), limit: z.number().positive() }),
  /** Per weight slice: the ADC's [min, max], or null for an ideal ADC. */
  adcs: z.array(z.tuple([z.number(), z.number()]).nullable()),
});

export type LayerRanges = z.infer<typeof layerRangesSchema>;

export function rangesOf(plan: LayerPlan): LayerRanges {
  return {
    layer: plan.layer.name,
    dac: { signed: plan.dac.signed, limit: plan.dac.limit },
    adcs: plan.adcs.map((adc) => (adc.ideal ? null : [adc.min, adc.max])),
  };
}

/**
 * The plan with the given ranges instead of calibrating: the config's bits and levels, the stored limits as
 * explicit DAC and per-slice ADC ranges.
 */
export function planWithRanges(mapped: MappedLayer, config: HardwareConfig, ranges: LayerRanges): LayerPlan {
  const { layer } = mapped;
  if (ranges.layer !== layer.name || ranges.adcs.length !== mapped.slices.length) {
    throw new Error(
      `stored ranges are for ${ranges.layer} with ${ranges.adcs.length} slices, not ${layer.name}`,
    );
  }
  const { signed, limit } = ranges.dac;
  const adcLimits = ranges.adcs.filter((limits) => limits !== null);
  const explicit: HardwareConfig = {
    ...config,
    dac: { ...config.dac, range: 'explicit', limits: [signed ? -limit : 0, limit] },
    // An ideal ADC (0 bits) is ideal on every slice; otherwise every slice stored its [min, max].
    adc: adcLimits.length > 0 ? { ...config.adc, range: 'explicit', limits: adcLimits } : config.adc,
  };
  return planLayer(mapped, explicit, null);
}
