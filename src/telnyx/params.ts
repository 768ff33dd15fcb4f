import { MissingParameterError } from './errors.js';

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

/** A path parameter, checked the same way. */
export function requireId(value: string, name: string, operation: string): string {
  if (missing(value)) throw new MissingParameterError([name], operation);
  return value;
}
