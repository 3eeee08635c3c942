// What a run is asked to evaluate: the inputs, the images, the hardware and its trials. Stored with the run, so
// that a run interrupted by a killed process can be continued with the same request.
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import type { ImageSample } from '../../../src-shared/config/image-sample';
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
