// JSON values as stored in TEXT columns: typed, deep-frozen on the way out, canonical where used as a key.
import { StoreError } from './errors';

export type Json = null | boolean | number | string | readonly Json[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: Json;
}

export function toJson(value: Json): string {
  return JSON.stringify(value);
}

/** Same value, same text: object keys sorted at every depth, so it can serve as a UNIQUE key. */
export function canonicalJson(value: Json): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isJsonObject(value)) return value;
  const keys = Object.keys(value).sort();
  return Object.fromEntries(keys.map((key) => [key, sortKeys(value[key])]));
}

export function parseJson(text: string): Json {
  // JSON.parse can only produce JSON values, so the cast narrows nothing it has not already guaranteed.
  return deepFreeze(JSON.parse(text) as Json);
}

export function parseJsonObject(text: string, column: string): JsonObject {
  const value = parseJson(text);
  if (!isJsonObject(value)) {
    throw new StoreError('corrupt', `${column} holds ${text}, expected a JSON object`);
  }
  return value;
}

function isJsonObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T extends Json>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach((member: Json) => deepFreeze(member));
    Object.freeze(value);
  }
  return value;
}
