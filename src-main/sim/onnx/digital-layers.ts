// Resolves the config's digitalLayers (node names, "first", "last") against a model's analog candidates (§12).
import { OnnxModelError } from './onnx-model-error';

const namesListed = 20;

/**
 * Maps each candidate kept digital to the entry that named it. "first" and "last" are the first and last
 * candidates in graph order (topological, as ONNX requires); they win over a node that is named so.
 */
export function resolveDigitalLayers(
  candidateNames: string[],
  digitalLayers: readonly string[],
  file: string,
): Map<string, string> {
  const candidates = new Set(candidateNames);
  const kept = new Map<string, string>();
  for (const entry of digitalLayers) {
    const name = entry === 'first' ? candidateNames[0] : entry === 'last' ? candidateNames.at(-1) : entry;
    if (name === undefined || !candidates.has(name)) {
      const valid = ['first', 'last', ...candidateNames];
      const shown = valid
        .slice(0, namesListed)
        .map((name) => `"${name}"`)
        .join(', ');
      const more = valid.length > namesListed ? ` and ${valid.length - namesListed} more` : '';
      throw new OnnxModelError(
        file,
        `digitalLayers names "${entry}", which is not an analog layer of ${file}; valid names: ${shown}${more}`,
      );
    }
    if (!kept.has(name)) kept.set(name, entry);
  }
  return kept;
}
