// Run ids and JSON keys: the orderings and canonical forms other parts of the store rely on.
import { describe, expect, it } from 'vitest';
import { newRunId } from '../../../src-main/store/ids';
import { canonicalJson, parseJson } from '../../../src-main/store/json';

describe('newRunId', () => {
  it('sorts by creation time, and in creation order within one millisecond', () => {
    const sameMillisecond = Array.from({ length: 100 }, () => newRunId(1_700_000_000_000));
    const later = newRunId(1_700_000_000_001);
    expect([...sameMillisecond].sort()).toEqual(sameMillisecond);
    expect(new Set(sameMillisecond).size).toBe(100);
    expect(later > sameMillisecond[99]).toBe(true);
  });
});

describe('canonicalJson', () => {
  it('gives equal values equal text regardless of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});

describe('parseJson', () => {
  it('hands out deeply frozen values', () => {
    const value = parseJson('{"a":{"b":[1,2]}}');
    expect(Object.isFrozen(value)).toBe(true);
    expect(value).toEqual({ a: { b: [1, 2] } });
    const nested = (value as { a: { b: number[] } }).a.b;
    expect(Object.isFrozen(nested)).toBe(true);
  });
});
