import * as oauth from 'oauth4webapi';
import { requestOptions } from './http.js';
import type { NormalizedOptions } from './options.js';
import type { Store } from './storage.js';
import { appendedWellKnown, firstValid, hasNoPath, names, readCache, writeCache } from './wellknown.js';

const METADATA_KEY = 'metadata';

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
  if (cached && names(cached.issuer, issuer)) return cached;

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
