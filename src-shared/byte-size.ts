// How a size in bytes reads, the same in the CLI and the UI: binary units with one decimal.

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

export function byteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const power = Math.min(Math.floor(Math.log2(bytes) / 10), UNITS.length);
  return `${(bytes / 2 ** (10 * power)).toFixed(1)} ${UNITS[power - 1]}`;
}
