// How numbers read in tables and tooltips.

export const percent = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined || Number.isNaN(value) ? '—' : `${(100 * value).toFixed(digits)} %`;

export const seconds = (value: number | null): string => {
  if (value === null) return '—';
  if (value < 90) return `${Math.ceil(value)} s`;
  if (value < 5400) return `${Math.ceil(value / 60)} min`;
  return `${(value / 3600).toFixed(1)} h`;
};

export const dateTime = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : '—');
