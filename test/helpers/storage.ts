/**
 * The SDK's records straight from IndexedDB, as another tab or a later page load finds them, named by the
 * schema rather than by repeated literals.
 */
import { createStore, get, set } from 'idb-keyval';
import { expect } from 'vitest';
import { OBJECT_STORE, SCHEMA_VERSION, seal, type Key } from '../../src/session/schema.js';

/** One database of the schema, opened as the SDK opens it. */
export const database = (name: string) => createStore(name, OBJECT_STORE);

/**
 * The record in a raw stored value, unchecked: undefined when nothing is stored; anything stored must be
 * in the envelope of this schema version.
 */
export function unsealed<T>(raw: unknown): T | undefined {
  if (raw === undefined) return undefined;
  expect(raw).toEqual({ version: SCHEMA_VERSION, value: expect.anything() });
  return (raw as { value: T }).value;
}

/** The record under `key` in the database `name`, as written (see {@link unsealed}). */
export async function stored<T>(name: string, key: Key<T>): Promise<T | undefined> {
  return unsealed<T>(await get(key.name, database(name)));
}

/** Writes `value` under `key` as this schema version would, whatever it is: a record edited by hand. */
export function tamper(name: string, key: Key<unknown>, value: unknown): Promise<void> {
  return set(key.name, seal(value), database(name));
}
