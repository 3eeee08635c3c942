// Tables as CSV (RFC 4180), the same from the CLI, the API and the UI, with numbers as a person would write them.

/**
 * Significant digits kept: sums and means carry float noise in the 16th digit ("0.9940000000000001"), and no
 * accuracy or statistic here means anything past the 12th.
 */
const CSV_DIGITS = 12;

/** A number's shortest text at CSV_DIGITS significant digits; whole numbers exactly (ids, counts, seeds). */
export function csvNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(CSV_DIGITS)));
}

/** Fields with a comma, quote or line break are quoted, quotes doubled; null and undefined are empty. */
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const field = (value: unknown) => {
    const text =
      value === null || value === undefined
        ? ''
        : typeof value === 'number'
          ? csvNumber(value)
          : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
