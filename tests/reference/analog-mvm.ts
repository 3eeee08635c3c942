// The slow, obviously-correct reference for one analog MVM (docs/analog-model.md §2–6, §13), independent of src-main.
import type { HardwareConfig } from '../../src-shared/config/hardware';
import { type AdcRangeContext, sliceAdcs } from './adc-ranges';
import { arrayAdcInputs, type AdcConvert, digitizeArrayOutputs } from './array-readout';
import { type ConversionGroup, encodeInputs } from './dac-inputs';
import { noisyReader, type CellReader } from './device-errors';
import { conductanceScale } from './device-levels';
import { type LayerTargets, mapLayer } from './layer-targets';
import { tileLayer } from './physical-arrays';
import { programArray, type ProgrammedArray } from './programming';
import { SeededRandom } from './seeded-random';
import { quantizeWeights } from './weights';

export interface ReferenceMvmOptions {
  trials: number;
  seed: number;
}

export interface ReferenceMvmResult {
  /** [trial][n][output], algorithmic units (the scale of W·x). */
  outputs: number[][][];
}

function checkShapes(weights: number[][], inputs: number[][]): void {
  const inputCount = weights[0]?.length ?? 0;
  if (inputCount === 0 || weights.some((row) => row.length !== inputCount)) {
    throw new Error('weights must be a non-empty [outputs][inputs] matrix');
  }
  if (inputs.length === 0 || inputs.some((row) => row.length !== inputCount)) {
    throw new Error(`inputs must be [n][${inputCount}]`);
  }
}

/** Everything one input vector's output needs in one trial. */
interface TrialState {
  layer: LayerTargets;
  programmed: ProgrammedArray[];
  adcs: AdcConvert[];
  readCell: CellReader;
  parasitics: HardwareConfig['array']['parasitics'];
  fullScale: number;
  outputCount: number;
}

/**
 * Every array digitizes every conversion group; partial sums add exactly; slices combine digitally (§3 "Tiling",
 * "Bit slicing"); y = a · weightScale · (Σ_i sliceWeight_i · y_i − aggregateOffset · Σ x̂).
 */
function vectorOutput(state: TrialState, groups: ConversionGroup[], xNormRow: number[]): number[] {
  const { layer } = state;
  const sliceSums = layer.slices.map(() => new Array<number>(state.outputCount).fill(0));
  for (const { array, conductances, driftGain } of state.programmed) {
    for (const group of groups) {
      const adcInputs = arrayAdcInputs(
        array,
        conductances,
        layer.readout,
        group,
        state.readCell,
        state.parasitics,
      );
      const digital = digitizeArrayOutputs(
        adcInputs,
        state.adcs[array.slice],
        driftGain,
        layer.digitalOffsetLevel,
      );
      array.columnOutputs.forEach((output, column) => {
        sliceSums[array.slice][output] += group.digitalWeight * digital[column];
      });
    }
  }
  const inputSum = xNormRow.reduce((total, x) => total + x, 0);
  return sliceSums[0].map((_, output) => {
    const combined = layer.sliceWeights.reduce(
      (total, weight, slice) => total + weight * sliceSums[slice][output],
      0,
    );
    return state.fullScale * layer.weightScale * (combined - layer.aggregateOffset * inputSum);
  });
}

/**
 * Simulates y = W·x on analog hardware: W is [outputs][inputs], inputs [n][inputs], both algorithmic units.
 * Each trial re-samples programming error (and drift); read noise is fresh on every read. Calibrated DAC and ADC
 * ranges are computed on the inputs themselves (§13). The same seed gives the same outputs. A single MVM has no
 * bias, so `bias` and `digitalLayers` do not apply. With `array.parasitics.rp` > 0 every array's network is solved
 * per MVM and input bit (§7).
 */
export function referenceMvm(
  config: HardwareConfig,
  weights: number[][],
  inputs: number[][],
  options: ReferenceMvmOptions,
): ReferenceMvmResult {
  checkShapes(weights, inputs);
  const scale = conductanceScale(config.device.onOff);
  const layer = mapLayer(config, quantizeWeights(weights, config.weights), scale);
  const arrays = tileLayer(layer, config.array, weights[0].length, weights.length);
  const encoded = encodeInputs(inputs, config.dac, config.adc.perInputBit);
  const rangeContext: AdcRangeContext = { config, layer, arrays, inputs: encoded, scale };
  const adcs = sliceAdcs(rangeContext);
  const random = new SeededRandom(options.seed);
  const outputs: number[][][] = [];
  for (let trial = 0; trial < options.trials; trial++) {
    const state: TrialState = {
      layer,
      programmed: arrays.map((array) => programArray(array, config.device, scale, random)),
      adcs,
      readCell: noisyReader(config.device, scale, random),
      parasitics: config.array.parasitics,
      fullScale: encoded.fullScale,
      outputCount: weights.length,
    };
    outputs.push(encoded.groups.map((groups, n) => vectorOutput(state, groups, encoded.xNorm[n])));
  }
  return { outputs };
}
