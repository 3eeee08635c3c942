// Run ids: 20 characters of Crockford base32 that sort in creation order (ULID-like, shorter).
import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 10;
// The largest range node:crypto.randomInt accepts; ten base32 characters hold 50 bits.
const RANDOM_LIMIT = 2 ** 48 - 1;

let lastTime = -1;
let lastRandom = 0;

/**
 * Millisecond timestamp then randomness; within one millisecond the random part counts up instead of being
 * redrawn, so ids made by this process always sort in the order they were made.
 */
export function newRunId(now: number = Date.now()): string {
  if (now <= lastTime) {
    lastRandom += 1;
  } else {
    lastTime = now;
    lastRandom = randomInt(RANDOM_LIMIT);
  }
  return encodeBase32(lastTime, TIME_CHARS) + encodeBase32(lastRandom, RANDOM_CHARS);
}

function encodeBase32(value: number, length: number): string {
  let text = '';
  let rest = value;
  for (let i = 0; i < length; i += 1) {
    text = ALPHABET[rest % 32] + text;
    rest = Math.floor(rest / 32);
  }
  return text;
}
