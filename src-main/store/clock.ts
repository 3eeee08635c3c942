// Timestamps as stored: ISO-8601 UTC text with milliseconds, which sorts the same as the instants it names.
export function nowIso(): string {
  return new Date().toISOString();
}
