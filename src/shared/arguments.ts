/** What a caller's mistake carries, as in Node and oauth4webapi: a value of the wrong kind, or a wrong value. */
export type ArgumentErrorCode = 'ERR_INVALID_ARG_TYPE' | 'ERR_INVALID_ARG_VALUE';

/** A caller's mistake, as oauth4webapi reports one: a `TypeError` with a Node-style `code`. */
export function argumentError(message: string, code: ArgumentErrorCode = 'ERR_INVALID_ARG_VALUE'): TypeError {
  return Object.assign(new TypeError(message), { code });
}

/**
 * True for a caller's mistake: a `TypeError` with an `ERR_INVALID_ARG_*` code, ours or oauth4webapi's.
 * A bare `TypeError` is not one: fetch rejects with those when the network fails.
 */
export function isArgumentError(err: unknown): err is TypeError & { code: string } {
  return err instanceof TypeError && String((err as { code?: unknown }).code ?? '').startsWith('ERR_INVALID_ARG');
}

/**
 * The option `name` as a non-negative finite number, `fallback` when it is undefined (0 is a value).
 * @param what - what the message says it must be, e.g. `number of milliseconds`.
 * @throws {TypeError} `ERR_INVALID_ARG_TYPE` for a value that is not a number, `ERR_INVALID_ARG_VALUE` for one out of range.
 */
export function nonNegative(value: unknown, name: string, fallback: number, what = 'finite number'): number {
  const result = value ?? fallback;
  if (typeof result !== 'number' || !Number.isFinite(result) || result < 0) {
    throw argumentError(`"${name}" must be a non-negative ${what}`, typeof result === 'number' ? 'ERR_INVALID_ARG_VALUE' : 'ERR_INVALID_ARG_TYPE');
  }
  return result;
}

/**
 * The option `name` as a boolean, `fallback` when it is undefined.
 * @throws {TypeError} `ERR_INVALID_ARG_TYPE` for anything else: read as truthy, the string `"false"` would mean true.
 */
export function booleanOption(value: unknown, name: string, fallback: boolean): boolean {
  const result = value ?? fallback;
  if (typeof result !== 'boolean') throw argumentError(`"${name}" must be a boolean`, 'ERR_INVALID_ARG_TYPE');
  return result;
}
