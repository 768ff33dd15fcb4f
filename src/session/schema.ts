/**
 * Everything the SDK keeps or names in storage, in one place: the IndexedDB databases, the keys in them
 * and the record each holds, the Web Lock and the BroadcastChannel of a session. A record is
 * written with {@link SCHEMA_VERSION} and read back only through its key's check: a record of another
 * version, or one edited by hand, reads as absent (and the next write of its key replaces it).
 */
import type * as oauth from 'oauth4webapi';
import type { Store } from '../contract/store.js';
import { hasFields, isFiniteNumber, isNonEmptyString, isRecord, isString, optional, type Check, type Fields } from '../shared/records.js';
import type { PendingSignIn } from './pending.js';
import type { StoredTokens } from './tokens.js';

/**
 * The version written with every record. Bump it when a record changes shape: what older code wrote is
 * then absent, not misread. 1: the first (0.1.0).
 */
export const SCHEMA_VERSION = 1;

const PREFIX = 'telnyx-login:';

/** The object store in each database (idb-keyval keeps one per database). */
export const OBJECT_STORE = 'kv';

/**
 * The database of what is found before a client is known, per issuer (or per resource when the issuer is
 * found from it): metadata, bindings, registered clients.
 */
export const configDatabase = ({ issuer, resource }: { issuer?: URL | undefined; resource?: string | undefined }) => `${PREFIX}${issuer?.href ?? resource}`;

/**
 * The database of one (issuer, client)'s session: tokens, pending sign-ins, the refresh lease. Its
 * BroadcastChannel, which tells the other tabs that it changed, has the same name.
 */
export const sessionDatabase = (issuer: string, clientId: string) => `${PREFIX}${issuer}:${clientId}`;

/** The Web Lock that one (issuer, client)'s refreshes take in every tab. */
export const refreshLock = (issuer: string, clientId: string) => `${PREFIX}refresh:${issuer}:${clientId}`;

/** The key of `key` in a caller's store, which holds every database: unambiguous whatever the names hold. */
export const storeKey = (database: string, key: string) => JSON.stringify([database, key]);

/** A key, typed by the record it holds, with the check every read of it goes through. */
export interface Key<T> {
  readonly name: string;
  /** True when a stored value is a record as this version writes it. */
  readonly check: (value: unknown) => value is T;
}

const key = <T>(name: string, check: Check): Key<T> => ({ name, check: check as Key<T>['check'] });
const record = <T>(name: string, fields: Fields<T>): Key<T> => key(name, (value) => hasFields(value, fields));

// Session database.

export const TOKENS = record<StoredTokens>('tokens', {
  sid: isNonEmptyString,
  accessToken: isNonEmptyString,
  refreshToken: optional(isString),
  idToken: optional(isString),
  expiresAt: optional(isFiniteNumber),
  receivedAt: isFiniteNumber,
  scope: optional(isString),
  claims: optional(isRecord),
});

const pendingFields: Fields<PendingSignIn> = {
  state: isNonEmptyString,
  codeVerifier: isNonEmptyString,
  nonce: optional(isString),
  issuer: isString,
  clientId: isString,
  redirectUri: isString,
  scope: optional(isString),
  returnTo: isString,
  createdAt: isFiniteNumber,
};

/** The pending sign-ins, by `state`: every tab may have one under way. */
export const PENDING = key<Record<string, PendingSignIn>>(
  'pending',
  (value) => isRecord(value) && Object.entries(value).every(([state, entry]) => hasFields<PendingSignIn>(entry, pendingFields) && entry.state === state),
);

/** The cross-tab refresh lease, where Web Locks are missing. */
export interface Lease {
  owner: string;
  /** Local time it lapses, in ms, unless renewed. */
  until: number;
}

export const LEASE = record<Lease>('refresh-lease', { owner: isNonEmptyString, until: isFiniteNumber });

// Config database.

/** A fetched document, with the local time it was fetched, in ms. */
export interface Cached<T> {
  value: T;
  fetchedAt: number;
}

/** Authorization server metadata (RFC 8414): its endpoints are checked again by discovery on reading. */
export const METADATA = record<Cached<oauth.AuthorizationServer>>('metadata', {
  value: (value) => isRecord(value) && isString(value.issuer),
  fetchedAt: isFiniteNumber,
});

/** Protected resource metadata (RFC 9728): the server it names is checked again on reading. */
export const RESOURCE_METADATA = record<Cached<oauth.ResourceServer>>('resource-metadata', {
  value: (value) => isRecord(value) && isString(value.resource),
  fetchedAt: isFiniteNumber,
});

/** The (issuer, client) found for a redirect URI; the issuer is checked against the options on reading. */
export interface StoredBinding {
  issuer: string;
  clientId: string;
}

/**
 * Per redirect URI: a client is registered per redirect URI, so a page with another redirect URI must not
 * borrow this one's client_id.
 */
export const bindingKey = (redirectUri: URL) => record<StoredBinding>(`binding:${redirectUri.href}`, { issuer: isString, clientId: isNonEmptyString });

/**
 * The client_id registered per issuer and redirect URI: a client registered for another page is another
 * client. The issuer is parsed, so the metadata's `https://api.telnyx.com` and the option's
 * `https://api.telnyx.com/` are one key.
 */
export const clientKey = (issuer: string, redirectUri: URL) => key<string>(`client:${new URL(issuer).href}:${redirectUri.href}`, isNonEmptyString);

/** What a record is written as: the record and the schema version. For tests that write as another tab would. */
export const seal = (value: unknown) => ({ version: SCHEMA_VERSION, value });

/** `stored` as `key`'s record; undefined when absent, of another version, or failing the check. */
function unseal<T>(key: Key<T>, stored: unknown): T | undefined {
  return isRecord(stored) && stored.version === SCHEMA_VERSION && key.check(stored.value) ? stored.value : undefined;
}

/** The record under `key`, or undefined when there is none this version can use. */
export async function read<T>(store: Store, key: Key<T>): Promise<T | undefined> {
  return unseal(key, await store.get(key.name));
}

export function write<T>(store: Store, key: Key<T>, value: T): Promise<void> {
  return store.set(key.name, seal(value));
}

export function remove(store: Store, key: Key<unknown>): Promise<void> {
  return store.del(key.name);
}

/**
 * Atomic read-modify-write of one record (see {@link Store.update}): `updater` gets the record, or
 * undefined when there is none this version can use, and returns the next one (undefined removes it).
 * Resolves with the record afterwards.
 */
export async function update<T>(store: Store, key: Key<T>, updater: (value: T | undefined) => T | undefined): Promise<T | undefined> {
  return unseal(
    key,
    await store.update(key.name, (stored) => {
      const next = updater(unseal(key, stored));
      return next === undefined ? undefined : seal(next);
    }),
  );
}
