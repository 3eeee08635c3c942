// Sweep axes as the builder edits them: a parameter and its values typed as text ("3, 4, 5" or a range).

export interface AxisDraft {
  path: string;
  valuesText: string;
}

/** "4, 6.5, offset, true" → [4, 6.5, "offset", true]. */
export function parseAxisValues(text: string): (boolean | number | string)[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      if (part === 'true' || part === 'false') return part === 'true';
      const number = Number(part);
      return Number.isFinite(number) ? number : part;
    });
}

/** from, from + step, … up to `to` (inclusive, with a tolerance for decimal steps); empty for a bad range. */
export function rangeValues(from: number, to: number, step: number): number[] {
  if (!(step > 0) || !Number.isFinite(from) || !Number.isFinite(to) || to < from) return [];
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  return Array.from({ length: Math.min(count, 1000) }, (_, i) => Number((from + i * step).toPrecision(12)));
}
