// How a failure is told to the user, and whether it was the request's fault (exit 2) or the work's (exit 1).
import { ConfigError } from '../../src-shared/config/fields';
import { DatasetError, SubsetSizeError } from '../data';
import { ModelError } from '../sim/evaluate/model-session';
import { OnnxModelError } from '../sim/onnx/onnx-model-error';
import { StoreError } from '../store';
import { LayerConfigError, UnavailableOptionError } from '../sim/compile/availability';

/** A bad file, folder or config value given by the user. */
export function isInvalidRequest(error: unknown): boolean {
  return (
    error instanceof ConfigError ||
    error instanceof DatasetError ||
    error instanceof SubsetSizeError ||
    error instanceof ModelError ||
    error instanceof OnnxModelError ||
    error instanceof UnavailableOptionError ||
    error instanceof LayerConfigError ||
    (error instanceof StoreError &&
      ['not-a-database', 'foreign-database', 'newer-schema', 'cannot-open', 'read-only'].includes(error.code))
  );
}

/** The message for stderr; CROSSBAR_DEBUG=1 adds the stack, for a bug report. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return process.env.CROSSBAR_DEBUG ? (error.stack ?? error.message) : error.message;
}
