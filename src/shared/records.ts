/**
 * Checks of data the SDK did not just create (parsed JSON, an options bag, storage another version or a
 * person may have written), one field at a time, so a record is used only when every field it needs has
 * the type it needs.
 */

/** True for a non-null object that is not an array: parsed JSON's `{...}`, an options bag, a stored record. */
export function isRecord<T>(value: T): value is T & Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A check of one value. */
export type Check = (value: unknown) => boolean;

/** A check for every field of `T`: a field added to a record type without one does not compile. */
export type Fields<T> = { readonly [K in keyof T]-?: Check };

export const isString = (value: unknown): value is string => typeof value === 'string';

export const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** A number that arithmetic can use (not NaN, not infinite). */
export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** `check`, or absent. */
export const optional =
  (check: Check): Check =>
  (value) =>
    value === undefined || check(value);

/** True when `value` is a record ({@link isRecord}) whose every field passes its check in `fields`. */
export function hasFields<T>(value: unknown, fields: Fields<T>): value is T {
  return isRecord(value) && Object.entries<Check>(fields).every(([name, check]) => check(value[name]));
}
