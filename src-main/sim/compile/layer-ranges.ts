// The converter ranges a calibration chose for a layer: what a stored calibration keeps and a later run reuses
// (analog-model.md §6), and the plan rebuilt from them.
import { z } from 'zod';
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { resolveAdc } from '../circuit/adc';
import { resolveDac } from '../circuit/dac';
import { inputBits } from '../circuit/input-bits';
import type { LayerPlan, MappedLayer } from './layer-plan';

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

/** The plan with the given ranges instead of calibrating: the config's bits and levels, stored limits. */
export function planWithRanges(mapped: MappedLayer, config: HardwareConfig, ranges: LayerRanges): LayerPlan {
  const { layer } = mapped;
  if (ranges.layer !== layer.name || ranges.adcs.length !== mapped.slices.length) {
    throw new Error(
      `stored ranges are for ${ranges.layer} with ${ranges.adcs.length} slices, not ${layer.name}`,
    );
  }
  const { signed, limit } = ranges.dac;
  const dac = resolveDac(
    { ...config.dac, range: 'explicit', limits: [signed ? -limit : 0, limit] },
    null,
    layer.name,
  );
  const adcs = ranges.adcs.map((limits, slice) =>
    resolveAdc(limits ? { ...config.adc, range: 'explicit', limits } : { ...config.adc, bits: 0 }, {
      layer: layer.name,
      slice,
      sliceCount: mapped.slices.length,
      rowsMax: Math.max(...mapped.rows.rowsPerPartition),
      signedOutput: limits ? limits[0] < 0 : false,
      profile: null,
      granularStep: null,
    }),
  );
  return { ...mapped, dac, inputBits: inputBits(config, dac), adcs };
}
