/** True for a non-null object that is not an array: parsed JSON's `{...}`, an options bag, a stored record. */
export function isRecord<T>(value: T): value is T & Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
