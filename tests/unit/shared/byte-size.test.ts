// byteSize: bytes below 1 KiB as they are, larger sizes in binary units with one decimal.
import { expect, it } from 'vitest';
import { byteSize } from '../../../src-shared/byte-size';

it('reads sizes in binary units', () => {
  expect(byteSize(0)).toBe('0 bytes');
  expect(byteSize(1023)).toBe('1023 bytes');
  expect(byteSize(1024)).toBe('1.0 KiB');
  expect(byteSize(150_540)).toBe('147.0 KiB');
  expect(byteSize(4 * 2 ** 30)).toBe('4.0 GiB');
  expect(byteSize(30 * 2 ** 40)).toBe('30.0 TiB');
  expect(byteSize(3 * 2 ** 50)).toBe('3072.0 TiB');
});
