import { InvalidParameterError, MissingParameterError } from './errors.js';

function missing(value: unknown): boolean {
  // `allowed: false` and `[]` are answers, not absences; an empty string can never be a valid name or token.
  return value === undefined || value === null || value === '';
}

/** Throws {@link MissingParameterError} naming every absent one of `names`, so no request is sent. */
export function requireParams(source: object | null | undefined, names: readonly string[], operation: string): void {
  const record = (source ?? {}) as Record<string, unknown>;
  const absent = names.filter((name) => missing(record[name]));
  if (absent.length > 0) throw new MissingParameterError(absent, operation);
}

// A path segment the URL parser treats as "this" or "parent" directory (WHATWG URL, single- and
// double-dot path segments). encodeURIComponent leaves "." alone; the %2e forms cannot survive it, but
// are refused too, so the rule does not depend on the encoding done later.
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * A path parameter, checked the same way, and refused when it would change the endpoint: every other
 * character is percent-encoded (see endpointUrl), so an id can never add or remove a segment.
 * @throws {MissingParameterError} when absent.
 * @throws {InvalidParameterError} for `.`, `..` and their `%2e` spellings.
 */
export function requireId(value: string, name: string, operation: string): string {
  if (missing(value)) throw new MissingParameterError([name], operation);
  if (DOT_SEGMENT.test(String(value))) throw new InvalidParameterError(name, operation);
  return value;
}
