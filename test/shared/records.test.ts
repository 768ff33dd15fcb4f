import { describe, expect, test } from 'vitest';
import { isRecord } from '../../src/shared/records.js';

describe('isRecord', () => {
  test.each([[{}], [{ a: 1 }], [Object.create(null)], [new Error('e')]])('%o is a record', (value) => {
    expect(isRecord(value)).toBe(true);
  });

  test.each([[null], [undefined], [[]], [[1]], ['{}'], [0], [() => ({})]])('%o is not', (value) => {
    expect(isRecord(value)).toBe(false);
  });
});
