import * as oauth from 'oauth4webapi';
import { LoginError } from '../contract/errors.js';
import { secureFetch, timeoutSignal, toLoginError } from './http.js';
import type { NormalizedOptions } from '../contract/normalize.js';
import type { Store } from '../contract/store.js';
import { read, write, type Cached, type Key } from '../session/schema.js';
import { parseUrl } from '../shared/urls.js';

/** A cached document younger than `ttl` seconds, or undefined. */
export async function readCache<T>(store: Store, key: Key<Cached<T>>, ttl: number, now: number): Promise<T | undefined> {
  const cached = await read(store, key);
  // A fetchedAt in the future means the clock moved backwards: treat the entry as stale.
  if (!cached || cached.fetchedAt > now || now - cached.fetchedAt >= ttl * 1000) return undefined;
  return cached.value;
}

/**
 * True when a document's identifier (`issuer`, `resource`) names `expected`, compared as URLs the way
 * oauth4webapi validates them: Telnyx's `https://api.telnyx.com` is `https://api.telnyx.com/` as a URL.
 */
export function names(identifier: unknown, expected: URL): boolean {
  return parseUrl(identifier)?.href === expected.href;
}

/** Caches a fetched document with the local time, for {@link readCache}. */
export function writeCache<T>(store: Store, key: Key<Cached<T>>, value: T, now: number): Promise<void> {
  return write(store, key, { value, fetchedAt: now });
}

/**
 * A GET of a metadata document at a URL oauth4webapi does not build itself, with our checked fetch and
 * timeout: the URL may come from a server (a 401's `resource_metadata`), so its scheme is checked too.
 */
export function getMetadata(url: string, options: NormalizedOptions): Promise<Response> {
  return secureFetch(options)(url, { headers: { accept: 'application/json' }, signal: timeoutSignal(options.timeout) });
}

/**
 * A GET of the well-known document appended to the identifier's path
 * (`https://host/v2/.well-known/<name>`), the placement Telnyx uses. oauth4webapi builds only the
 * path-inserted one, so this request is ours; the response is still validated by oauth4webapi.
 */
export function appendedWellKnown(identifier: URL, name: string, options: NormalizedOptions): Promise<Response> {
  const url = new URL(identifier.href);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/.well-known/${name}`;
  return getMetadata(url.href, options);
}

/** True when the path-inserted and appended placements are the same URL (an identifier without a path). */
export function hasNoPath(identifier: URL): boolean {
  return identifier.pathname === '/' || identifier.pathname === '';
}

/**
 * Tries each request in turn and returns the first response `process` accepts. A network failure ends
 * the search at once (every other placement would fail the same way); a 404 or an invalid document
 * moves on. Fails with `discovery_failed`, naming an identifier mismatch when there was one.
 */
export async function firstValid<T>(
  placements: (() => Promise<Response>)[],
  process: (response: Response) => Promise<T>,
  kind: 'issuer' | 'resource',
  identifier: URL,
): Promise<T> {
  const failures: unknown[] = [];
  for (const request of placements) {
    let response: Response;
    try {
      response = await request();
    } catch (err) {
      throw toLoginError(err, 'Discovery');
    }
    try {
      return await process(response);
    } catch (err) {
      failures.push(err);
    }
  }
  const mismatch = failures.find((err) => err instanceof oauth.OperationProcessingError && err.code === oauth.JSON_ATTRIBUTE_COMPARISON);
  throw new LoginError(
    'discovery_failed',
    mismatch
      ? `Discovery: the metadata names another ${kind} than ${identifier.href}`
      : `Discovery: no valid metadata for the ${kind} ${identifier.href}`,
    { cause: mismatch ?? failures.at(-1) },
  );
}
