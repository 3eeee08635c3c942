// ADC limits per weight slice (§6; README "ADC"): explicit, "max", "granular", or calibrated on the inputs X.
import type { HardwareConfig } from '../../src-shared/config/hardware';
import { arrayAdcInputs, type AdcConvert } from './array-readout';
import type { EncodedInputs } from './dac-inputs';
import { dacMagnitudeBits } from './dac-inputs';
import type { ConductanceScale } from './device-levels';
import { idealRead } from './device-errors';
import type { LayerTargets } from './layer-targets';
import { innerPercentileRange } from './percentile';
import { largestPartitionRows, type PhysicalArray } from './physical-arrays';
import { uniformQuantize } from './quantizers';

export interface AdcLimits {
  min: number;
  max: number;
}

/** Everything a range mode may look at. */
export interface AdcRangeContext {
  config: HardwareConfig;
  layer: LayerTargets;
  arrays: PhysicalArray[];
  inputs: EncodedInputs;
  scale: ConductanceScale;
}

const idealAdc: AdcConvert = (analog) => analog;

/** L = 2^B − 1 levels when min = −max (zero is a level), else 2^B levels from min to max (§6; README "ADC"). */
function adcLevelCount(adcBits: number, limits: AdcLimits): number {
  return limits.min === -limits.max ? 2 ** adcBits - 1 : 2 ** adcBits;
}

function quantizingAdc(adcBits: number, limits: AdcLimits): AdcConvert {
  const levelCount = adcLevelCount(adcBits, limits);
  return (analog) => uniformQuantize(analog, limits.min, limits.max, levelCount);
}

/** An ADC input can be negative with signed inputs or a differential pair subtracted in analog (README "ADC"). */
function adcInputsSigned(context: AdcRangeContext): boolean {
  return context.inputs.signed || context.layer.readout === 'differential-analog';
}

type ExplicitAdcLimits = NonNullable<HardwareConfig['adc']['limits']>;

/** `adc.limits` is one [min, max] for every slice, or one [min, max] per slice (§12). */
function isOneRange(limits: ExplicitAdcLimits): limits is [number, number] {
  return typeof limits[0] === 'number';
}

function explicitLimits(context: AdcRangeContext, slice: number): AdcLimits {
  const { limits } = context.config.adc;
  if (limits === null) throw new Error('adc.range "explicit" needs adc.limits');
  if (isOneRange(limits)) return { min: limits[0], max: limits[1] };
  const perSlice = limits;
  if (perSlice.length !== context.layer.slices.length) {
    throw new Error(`adc.limits has ${perSlice.length} ranges for ${context.layer.slices.length} slices`);
  }
  const [min, max] = perSlice[slice];
  return { min, max };
}

/** ±N (or [0, N]), N = rows of the layer's largest partition (§6). */
function maxLimits(context: AdcRangeContext): AdcLimits {
  const rows = largestPartitionRows(context.arrays);
  return { min: adcInputsSigned(context) ? -rows : 0, max: rows };
}

/**
 * Input levels per full scale seen by one conversion: 2^s − 1 for slices digitized per input bit, 2^m − 1 for a
 * multi-bit DAC or analog accumulation (the smallest non-zero input), 1 for an ideal DAC.
 */
function inputSteps(config: HardwareConfig, signed: boolean): number {
  if (config.dac.bitSerial && config.adc.perInputBit) return 2 ** config.dac.sliceBits - 1;
  if (config.dac.bits > 0) return 2 ** dacMagnitudeBits(config.dac.bits, signed) - 1;
  return 1;
}

/** Spacing δ = Grange/(2^c − 1)/(2^s − 1); [−δ(2^(B−1) − 1), +δ(2^(B−1) − 1)] or [0, δ(2^B − 1)] (README "ADC"). */
function granularLimits(context: AdcRangeContext): AdcLimits {
  const { config, layer, scale } = context;
  const cellBits = layer.granularCellBits;
  if (cellBits === 0)
    throw new Error('a granular ADC needs quantized cells (continuous cells have no spacing)');
  const levelSpacing = scale.gRangeNorm / (2 ** cellBits - 1) / inputSteps(config, context.inputs.signed);
  const adcBits = config.adc.bits;
  if (adcInputsSigned(context)) {
    const max = levelSpacing * (2 ** (adcBits - 1) - 1);
    return { min: -max, max };
  }
  return { min: 0, max: levelSpacing * (2 ** adcBits - 1) };
}

/** The ADC inputs of every conversion of one slice with the ADC off and error-free cells (§6 "calibrated"). */
function errorFreeAdcInputs(context: AdcRangeContext, slice: number): number[] {
  const values: number[] = [];
  for (const array of context.arrays.filter((candidate) => candidate.slice === slice)) {
    for (const groups of context.inputs.groups) {
      for (const group of groups) {
        // The arrays' own wires included: calibration measures what the ADC will see.
        const adcInputs = arrayAdcInputs(
          array,
          array.targets,
          context.layer.readout,
          group,
          idealRead,
          context.config.array.parasitics,
        );
        values.push(...adcInputs.columns.flat());
        if (adcInputs.unitColumn !== null) values.push(adcInputs.unitColumn);
      }
    }
  }
  return values;
}

/**
 * The "max" range divided by the largest power of two that still contains the profiled range, so that slice
 * limits differ by powers of two (§6; CrossSim expresses sliced ADC limits as powers of 2 clipping the max range).
 */
function powerOfTwoFraction(maxRange: AdcLimits, profiled: AdcLimits): AdcLimits {
  let divisor = 1;
  // 2^52: beyond this a float64 range no longer halves meaningfully (an all-zero slice stops here).
  while (divisor < 2 ** 52) {
    const next = divisor * 2;
    if (maxRange.min / next > profiled.min || maxRange.max / next < profiled.max) break;
    divisor = next;
  }
  return { min: maxRange.min / divisor, max: maxRange.max / divisor };
}

/** The inner P percent of the error-free ADC inputs of the slice, computed on X itself (§6, §13). */
function calibratedLimits(context: AdcRangeContext, slice: number): AdcLimits {
  const [min, max] = innerPercentileRange(errorFreeAdcInputs(context, slice), context.config.adc.percentile);
  if (context.layer.slices.length > 1) return powerOfTwoFraction(maxLimits(context), { min, max });
  if (!(max > min)) throw new Error(`calibrated ADC range [${min}, ${max}] is empty`);
  return { min, max };
}

const adcRangeModes: Record<
  HardwareConfig['adc']['range'],
  (context: AdcRangeContext, slice: number) => AdcLimits
> = {
  explicit: explicitLimits,
  max: maxLimits,
  granular: granularLimits,
  calibrated: calibratedLimits,
};

/** One ADC per weight slice, shared by its partitions, input bits and columns (§6 "Range scope"). */
export function sliceAdcs(context: AdcRangeContext): AdcConvert[] {
  const adcBits = context.config.adc.bits;
  return context.layer.slices.map((_, slice) =>
    adcBits === 0
      ? idealAdc
      : quantizingAdc(adcBits, adcRangeModes[context.config.adc.range](context, slice)),
  );
}
