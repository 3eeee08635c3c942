// What a run is asked to evaluate: the inputs, the images, the hardware and its trials. Stored with the run, so
// that a run interrupted by a killed process can be continued with the same request.
import { z } from 'zod';
import { parseWith } from '../../../src-shared/config/fields';
import { hardwareSchema, type HardwareConfig } from '../../../src-shared/config/hardware';
import { imageSampleSchema, type ImageSample } from '../../../src-shared/config/image-sample';
import type { DatasetLayout } from '../../data';
import type { JsonObject } from '../../store';
import type { RunInputsRequest } from './resolve-inputs';

export interface RunRequest extends RunInputsRequest {
  /** The project the run is stored under; the default project when omitted. */
  projectId?: number;
  /** Images to evaluate; all when omitted (less the calibration subset when one is needed). */
  limit?: number;
  sample: ImageSample;
  seed: number;
  /** null: the digital baseline only. */
  config?: HardwareConfig | null;
  /** Monte-Carlo trials; one is run when no non-ideality of the config is random (they would be identical). */
  trials?: number;
  /** Calibration images, drawn at random from those not tested. */
  calibrationCount?: number;
  /** Test images (the first ones) that per-array statistics are computed on, every trial; 0: none. */
  statisticsImages?: number;
  /** Seeds of the test and calibration subsets when they must not follow `seed` (a sweep's points share them). */
  subsetSeeds?: { test: number; calibration: number };
  /** The sweep and point this run evaluates, if it belongs to one. */
  sweepPoint?: { sweepId: number; point: JsonObject };
}

const DATASET_LAYOUTS = ['class-folders', 'ilsvrc-flat', 'wnid-folders'] as const satisfies DatasetLayout[];
const count = z.number().int().min(0);

/**
 * A request as stored with its run, read back: a run stored before a field existed reads with the behaviour it
 * had then (no sample recorded: the first images; no seed: 0), its config with today's defaults for the fields
 * added since.
 */
const storedRunRequestSchema: z.ZodType<RunRequest> = z.object({
  projectId: z.number().int().optional(),
  modelFile: z.string().optional(),
  dataDir: z.string().optional(),
  labelsFile: z.string().optional(),
  preprocessFile: z.string().optional(),
  layout: z.enum(DATASET_LAYOUTS).optional(),
  limit: count.optional(),
  sample: imageSampleSchema.default('first'),
  seed: count.default(0),
  config: hardwareSchema.nullable().optional(),
  trials: count.optional(),
  calibrationCount: count.optional(),
  statisticsImages: count.optional(),
  subsetSeeds: z.object({ test: count, calibration: count }).optional(),
  sweepPoint: z.object({ sweepId: z.number().int(), point: z.record(z.string(), z.json()) }).optional(),
});

/** The stored request of run `runId`; a clear error naming the field when the row no longer fits. */
export function parseStoredRequest(value: unknown, runId: string): RunRequest {
  return parseWith(storedRunRequestSchema, value, `the request stored with run ${runId}`);
}
