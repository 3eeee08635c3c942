// Integer flag values, refused with a message naming the flag (exit code 2).
import { UsageError } from './usage';

export function integerFlag(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`${flag} must be an integer ≥ ${min}, got "${text}"`);
  return value;
}
