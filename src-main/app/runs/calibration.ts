// A run's calibration (docs/analog-model.md §6): the stored converter ranges when model, calibration images,
// preprocessing and every config field that shapes them are the same as before; else measured, then stored.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { calibratesRanges, type HardwareConfig } from '../../../src-shared/config/hardware';
import type { PreprocessSpec } from '../../../src-shared/config/preprocess';
import type { DatasetItem } from '../../data';
import type { LayerPlan } from '../../sim/compile/layer-plan';
import { layerRangesSchema, rangesOf } from '../../sim/compile/layer-ranges';
import type { AnalogModel } from '../../sim/evaluate/analog-model';
import type { ImageBatch } from '../../sim/evaluate/image-chunks';
import type { RunJournal } from './run-journal';

export interface CalibrationInputs {
  modelBytes: Uint8Array;
  items: readonly DatasetItem[];
  preprocess: PreprocessSpec;
  batches: () => AsyncIterable<ImageBatch>;
  /** Images profiled so far, of all passes' (called only when the ranges are measured, not reused). */
  onImages?: (done: number, total: number) => void;
}

/**
 * What the ranges depend on: the model, the calibration images and their preprocessing, and the config less the
 * fields calibration never sees (it runs on ideal cells: no programming error, read noise or drift; the bias is
 * digital).
 */
export function calibrationKey(
  config: HardwareConfig,
  inputs: Omit<CalibrationInputs, 'batches' | 'onImages'>,
): string {
  const { weights, mapping, array, device, dac, adc, digitalLayers } = config;
  const identity = {
    version: 1,
    model: createHash('sha256').update(inputs.modelBytes).digest('hex'),
    images: inputs.items.map((item) => item.file),
    preprocess: inputs.preprocess,
    config: {
      weights,
      mapping,
      array,
      cells: { onOff: device.onOff, cellBits: device.cellBits },
      dac,
      adc,
      digitalLayers,
    },
  };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

const storedRangesSchema = z.array(layerRangesSchema);

/** Every layer's plan; tells the journal which stored calibration the run used (and what it measured). */
export async function calibratedPlans(
  journal: RunJournal,
  runId: string,
  model: AnalogModel,
  inputs: CalibrationInputs,
): Promise<LayerPlan[]> {
  if (!calibratesRanges(model.config)) return model.uncalibratedPlans();
  const key = calibrationKey(model.config, inputs);
  const stored = storedRangesSchema.safeParse(await journal.storedRanges(key));
  if (stored.success && stored.data.length === model.mapped.layers.length) {
    journal.record({ type: 'calibration', runId, key, ranges: null });
    return model.plansWithRanges(stored.data);
  }
  const { onImages } = inputs;
  const plans = await model.calibratedPlans(inputs.batches, {
    onImages: onImages && ((done, passes) => onImages(done, passes * inputs.items.length)),
  });
  journal.record({ type: 'calibration', runId, key, ranges: plans.map(rangesOf) });
  return plans;
}
