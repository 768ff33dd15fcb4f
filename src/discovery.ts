import * as oauth from 'oauth4webapi';
import { LoginError } from './errors.js';
import { requestOptions, toLoginError } from './http.js';
import type { NormalizedOptions } from './options.js';
import type { Store } from './storage.js';
import { appendedWellKnown, hasNoPath, readCache, writeCache } from './wellknown.js';

const METADATA_KEY = 'metadata';

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

/**
 * Fetches authorization server metadata, trying in turn RFC 8414 path-inserted, RFC 8414 appended and
 * OpenID Connect Discovery, and checks that the document names `issuer`. The result is cached in
 * `store` for `metadataTtl` seconds, so a returning visit makes no discovery request.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.1
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 * @throws {LoginError} `discovery_failed` when no placement gives valid metadata; `network` / `timeout`.
 */
export async function discover(issuer: URL, options: NormalizedOptions, store: Store, now = Date.now()): Promise<oauth.AuthorizationServer> {
  const cached = await readCache<oauth.AuthorizationServer>(store, METADATA_KEY, options.metadataTtl, now);
  if (cached?.issuer === issuer.href) return cached;

  const http = requestOptions(options);
  const placements = [
    () => oauth.discoveryRequest(issuer, { ...http, algorithm: 'oauth2' }),
    () => appendedWellKnown(issuer, 'oauth-authorization-server', options),
    () => oauth.discoveryRequest(issuer, { ...http, algorithm: 'oidc' }),
  ];
  if (hasNoPath(issuer)) placements.splice(1, 1);
  const metadata = await firstValid(placements, (response) => oauth.processDiscoveryResponse(issuer, response), 'issuer', issuer);
  await writeCache(store, METADATA_KEY, metadata, now);
  return metadata;
}
