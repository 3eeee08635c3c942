// How a layer's arrays are read back (docs/analog-model.md §5, §11): what drives the rows, what one ADC code is
// worth per weight slice, the shift an asymmetric ADC adds to every conversion and whether a second digitized
// column cancels it, and the code range it clips to. Resolved once per layer from its plan; the emitters and the
// diagnostic statistics both read it, so the graph and the statistics of its arrays cannot disagree.
import type { AdcSpec } from '../circuit/adc';
import type { InputBits } from '../circuit/input-bits';
import type { LayerPlan } from './layer-plan';

export interface LayerReadout {
  /** Normalized input x̂ = (DAC output) / dacDivisor. */
  dacDivisor: number;
  /** What drives a row at full scale, in the units the products see: dacDivisor, or 2^s − 1 for an input slice. */
  inputDivisor: number;
  /** Input slices that drive the rows one by one (stacked on the batch axis); null: one multi-bit read. */
  stackedInputBits: InputBits | null;
  /** Input slices each digitized on their own, then shifted and added digitally; null otherwise. */
  perInputBit: InputBits | null;
  /** Σ weight_k over the input slices each digitized on its own (their ADC shifts add up so); else 1. */
  conversionWeight: number;
  slices: SliceReadout[];
}

/** One weight slice's arrays: their ADC and what one of its codes is worth. */
export interface SliceReadout {
  index: number;
  adc: AdcSpec;
  /** ADC code = array output / adcStep (1 for an ideal ADC). */
  adcStep: number;
  /** W·x per unit of offset-free array output: Wmax · DAC limit / the slice's gain. */
  outputScale: number;
  /** Weight of this slice's codes relative to slice 0's in the digital shift-and-add. */
  codeWeight: number;
  /** −min/step: what an asymmetric ADC adds to every conversion's code (0 when symmetric or ideal). */
  codeShift: number;
  /**
   * Whether the slice's codes still carry `codeShift` once a partition's columns are combined: not when a unit
   * column, or the G⁻ column of a separately digitized pair, digitized with the same shift was subtracted.
   */
  carriesShift: boolean;
  /** The codes the ADC clips to: [0, levels − 1] shifted, ±(levels − 1)/2 symmetric; null when ideal. */
  codeLimits: [number, number] | null;
  /** The digital offset per unit of the rows' DAC-code sum, in code units (offset mapping, digital removal). */
  offsetPerRowSum: number;
}

export function layerReadout(plan: LayerPlan): LayerReadout {
  const { dac } = plan;
  const dacDivisor = dac.levels > 0 ? dac.levels : dac.limit;
  const perInputBit = plan.inputBits?.perInputBit ? plan.inputBits : null;
  const stackedInputBits = slicesDriveRows(plan);
  const cancelled = plan.offsetRemoval === 'unit-column' || plan.separatePlanes;
  const slices = plan.slices.map((slice, index) => {
    const adc = plan.adcs[index];
    const adcStep = adc.ideal ? 1 : adc.step;
    const shifted = !adc.ideal && adc.min !== -adc.max;
    return {
      index,
      adc,
      adcStep,
      outputScale: (plan.wMax * dac.limit) / slice.gain,
      codeShift: shifted ? -adc.min / adc.step : 0,
      carriesShift: shifted && !cancelled,
      codeLimits: codeLimitsOf(adc),
      offsetPerRowSum: slice.zeroLevel / dacDivisor / adcStep,
    };
  });
  const unit = slices[0].adcStep * slices[0].outputScale;
  return {
    dacDivisor,
    inputDivisor: stackedInputBits ? stackedInputBits.digitMax : dacDivisor,
    stackedInputBits,
    perInputBit,
    conversionWeight: perInputBit ? perInputBit.weights.reduce((a, b) => a + b, 0) : 1,
    slices: slices.map((slice) => ({ ...slice, codeWeight: (slice.adcStep * slice.outputScale) / unit })),
  };
}

function codeLimitsOf(adc: AdcSpec): [number, number] | null {
  if (adc.ideal) return null;
  if (adc.min === -adc.max) return [-(adc.levels - 1) / 2, (adc.levels - 1) / 2];
  return [0, adc.levels - 1];
}

/**
 * Input slices drive the rows one at a time (stacked on the batch axis) with an ADC per input bit, with clipped
 * reads, which need every slice's reads, and with separate-source wires (§7 topology B), where each input bit
 * gates its row's cells; else null (one multi-bit read).
 */
function slicesDriveRows(plan: LayerPlan): InputBits | null {
  const bits = plan.inputBits;
  return bits && (bits.perInputBit || plan.readNoise.clipBounds || gatesCells(plan)) ? bits : null;
}

/** Separate-source wires (§7 topology B): each input bit gates its row's cells, so every bit is read alone. */
export function gatesCells(plan: LayerPlan): boolean {
  return plan.parasitics?.topology === 'separate-source';
}
