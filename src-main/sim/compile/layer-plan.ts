// Pass 1 — plan an analog layer: weight range and mapping, tiling, DAC and ADC specs (docs/analog-model.md §3, §5, §6).
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { resolveAdc, type AdcSpec } from '../circuit/adc';
import { sigmaModel } from '../devices/error-models';
import { LayerConfigError } from './availability';
import { resolveDac, type DacSpec } from '../circuit/dac';
import { inputBits, type InputBits } from '../circuit/input-bits';
import { profileOf, type ValueProfile } from '../circuit/value-profile';
import { conductanceRange, type ConductanceRange } from '../mapping/conductance-range';
import { columnTiling, rowTiling, type RowTiling } from '../mapping/tiling';
import { layerWeightQuantization } from '../mapping/model-grid';
import { normalizeWeights } from '../mapping/weight-range';
import { cellBitsFor, weightMapping, type WeightMapping } from '../mapping/weight-mapping';
import { bitSlicedWeights, unslicedWeights, type WeightSlice } from '../mapping/weight-slices';
import { groupInputChannels, kernelSize, outputChannels, type MatrixLayer } from './matrix-layer';
import type { Parasitics, ReadNoiseModel } from './compile-types';

/** What calibration measured for a layer, with ideal DAC and ADC (§6). */
export interface LayerProfile {
  /** The layer's raw inputs (algorithmic units). */
  dacInputs: ValueProfile;
  /**
   * Per weight slice: array outputs Σ G·x over every partition, with x in algorithmic units (divided by the DAC
   * limit later).
   */
  arrayOutputsPerUnitInput: ValueProfile[];
  /**
   * Per weight slice, with an ADC per input bit: the array outputs of every input slice, each read at full scale
   * (already in array units), profiled with the layer's DAC on; else null.
   */
  perInputBitArrayOutputs: ValueProfile[] | null;
}

export interface LayerPlan {
  layer: MatrixLayer;
  range: ConductanceRange;
  mapping: WeightMapping;
  wMax: number;
  /** The cells: one slice, or one per weight bit slice (§3), each with its own arrays and ADC. */
  slices: WeightSlice[];
  rows: RowTiling;
  /** Output columns per column partition. */
  columns: number[];
  dac: DacSpec;
  /** Bit-serial input slices (§5); null for a multi-bit DAC. */
  inputBits: InputBits | null;
  /** One ADC per weight slice (§6 "Range scope"). */
  adcs: AdcSpec[];
  offsetRemoval: 'none' | 'digital' | 'unit-column';
  /** Global drift compensation: every array's digitized output is rescaled per trial (§4). */
  compensateDrift: boolean;
  /** A differential pair whose G⁺ and G⁻ columns are digitized separately (`subtractInAnalog: false`). */
  separatePlanes: boolean;
  readNoise: ReadNoiseModel;
  /** Resistive wires (§7): every array is solved through them each trial; null for ideal wires (R̂p = 0). */
  parasitics: Parasitics | null;
}

/** The parts of a plan that do not depend on calibration: calibration itself runs on them. */
export type MappedLayer = Omit<LayerPlan, 'dac' | 'inputBits' | 'adcs'>;

export function mapLayer(layer: MatrixLayer, modelConfig: HardwareConfig): MappedLayer {
  const { bits, wMax, source } = layerWeightQuantization(layer, modelConfig);
  const config =
    bits === modelConfig.weights.bits
      ? modelConfig
      : { ...modelConfig, weights: { ...modelConfig.weights, bits } };
  if (source !== 'config' && config.mapping.slices > 1 && (bits === 0 || config.mapping.slices > bits)) {
    throw new LayerConfigError(
      `layer ${layer.name}: its weights are a quantized model's ${source === 'model values' ? 'per-channel grid' : `${bits}-bit grid`}, which ${config.mapping.slices} weight slices cannot hold; set weights.grid to "bits" to re-quantize them to weights.bits`,
    );
  }
  const range = conductanceRange(config.device.onOff);
  const mapping = weightMapping(config, range);
  const wNorm = normalizeWeights(layer.weights, wMax, bits);
  let rows: RowTiling;
  try {
    rows = rowTiling(groupInputChannels(layer), kernelSize(layer), config.array.rowsMax);
  } catch (error) {
    throw new LayerConfigError(`layer ${layer.name}: ${(error as Error).message}`);
  }
  if (layer.group > 1 && config.device.readNoise.model !== 'none' && config.device.readNoise.clip) {
    throw new LayerConfigError(
      `layer ${layer.name}: device.readNoise.clip (per-cell clipped reads) is not supported on a grouped convolution; keep the layer digital (digitalLayers) or set readNoise.clip to false`,
    );
  }
  return {
    layer,
    range,
    mapping,
    wMax,
    slices:
      config.mapping.slices > 1
        ? bitSlicedWeights(config, range, wNorm)
        : unslicedWeights(mapping, wNorm, cellBitsFor(config)),
    rows,
    columns: columnTiling(outputChannels(layer) / layer.group, config.array.colsMax),
    offsetRemoval: mapping.kind === 'offset' ? config.mapping.offset : 'none',
    compensateDrift: config.device.drift.timeS > 0 && config.device.drift.compensate,
    separatePlanes: mapping.planeCount === 2 && !config.mapping.subtractInAnalog,
    readNoise: {
      sigma: sigmaModel(config.device.readNoise, range),
      constantSigma: config.device.readNoise.model === 'state-independent',
      clipBounds: config.device.readNoise.clip
        ? config.device.clip === 'range'
          ? [range.gMin, range.gMax]
          : [0, Infinity]
        : null,
    },
    parasitics: config.array.parasitics.rp > 0 ? config.array.parasitics : null,
  };
}

export function planLayer(
  mapped: MappedLayer,
  config: HardwareConfig,
  profile: LayerProfile | null,
): LayerPlan {
  try {
    return resolveRanges(mapped, config, profile);
  } catch (error) {
    if (error instanceof RangeError) throw new LayerConfigError(error.message);
    throw error;
  }
}

function resolveRanges(mapped: MappedLayer, config: HardwareConfig, profile: LayerProfile | null): LayerPlan {
  const dac = resolveDac(config.dac, profile?.dacInputs ?? null, mapped.layer.name);
  const bits = inputBits(config, dac);
  // Input levels per full scale that one conversion sees: a digit, a multi-bit code, or continuous (§6 granular).
  const inputSteps = bits?.perInputBit ? bits.digitMax : Math.max(dac.levels, 1);
  const adcs = mapped.slices.map(({ cellBits }, slice) => {
    const perBit = bits?.perInputBit ? (profile?.perInputBitArrayOutputs?.[slice] ?? null) : null;
    const perUnitInput = profile?.arrayOutputsPerUnitInput[slice];
    const adcProfile =
      perBit ?? (perUnitInput ? profileOf(perUnitInput.sortedSample.map((v) => v / dac.limit)) : null);
    return resolveAdc(config.adc, {
      layer: mapped.layer.name,
      slice,
      sliceCount: mapped.slices.length,
      rowsMax: Math.max(...mapped.rows.rowsPerPartition),
      signedOutput: dac.signed || (mapped.mapping.planeCount === 2 && !mapped.separatePlanes),
      profile: adcProfile,
      granularStep: cellBits > 0 ? mapped.range.gRange / (2 ** cellBits - 1) / inputSteps : null,
    });
  });
  return { ...mapped, dac, inputBits: bits, adcs };
}

/**
 * Whether calibration needs its second pass: an ADC per input bit converts one input slice's read, which only a
 * profile with the DAC on (and the inputs sliced) contains.
 */
export function calibratesPerInputBit(config: HardwareConfig): boolean {
  return config.adc.perInputBit && config.adc.range === 'calibrated' && config.adc.bits > 0;
}
