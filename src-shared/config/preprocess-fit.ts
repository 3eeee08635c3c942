// Whether a preprocessing's tensors fit a model's declared input: one rule for the run, the queue and the editor.
import { imageDims, type PreprocessSpec } from './preprocess';
import type { DeclaredShape } from './preprocess-proposal';

/**
 * Null when the model takes [N, …imageDims(spec)] (symbolic dimensions take any size); else what the model
 * declares against what the preprocessing gives, with a hint when the model is channels-last. The caller adds the
 * remedy its user has (a CLI flag, the model's editor).
 */
export function inputMismatch(shape: DeclaredShape, spec: PreprocessSpec): string | null {
  const image = imageDims(spec);
  const fixed = (dim: number | string | null | undefined) => (typeof dim === 'number' ? dim : null);
  const fits =
    shape.length === 4 &&
    image.every((size, i) => fixed(shape[i + 1]) === null || fixed(shape[i + 1]) === size);
  if (fits) return null;
  const declared = `[${shape.map((dim) => fixed(dim) ?? '?').join(', ')}]`;
  const channelsLast = spec.layout === 'nchw' && fixed(shape[3]) === spec.channels && shape.length === 4;
  return (
    `expects input ${declared}, but the preprocessing gives [N, ${image.join(', ')}] ` +
    `(${spec.layout.toUpperCase()})` +
    (channelsLast ? '; this model takes channels last: "layout": "nhwc"' : '')
  );
}
