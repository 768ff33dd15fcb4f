import * as oauth from 'oauth4webapi';
import { LoginError } from '../contract/errors.js';
import { requestOptions } from './http.js';
import type { NormalizedOptions } from '../contract/normalize.js';
import type { Store } from '../contract/store.js';
import { METADATA } from '../session/schema.js';
import { allowedUrl, describeUrl, parseUrl } from '../shared/urls.js';
import { appendedWellKnown, firstValid, hasNoPath, names, readCache, writeCache } from './wellknown.js';

// Every endpoint the SDK calls or sends the user to, and whether sign-in needs it.
const ENDPOINTS = [
  ['authorization_endpoint', true],
  ['token_endpoint', true],
  ['registration_endpoint', false],
  ['revocation_endpoint', false],
] as const;

/**
 * What is wrong with metadata for this SDK, or undefined when nothing is. oauth4webapi checks the issuer,
 * not the endpoints; a `javascript:` or `data:` authorization_endpoint would run script in the app's
 * origin on sign-in, and a plain-http one would give the code away on the wire.
 */
function metadataProblem(as: oauth.AuthorizationServer, options: NormalizedOptions): string | undefined {
  for (const [field, required] of ENDPOINTS) {
    const value: unknown = as[field];
    if (value === undefined && !required) continue;
    if (allowedUrl(value, options.allowInsecure)) continue;
    if (value === undefined) return `the metadata has no "${field}"`;
    const url = parseUrl(value);
    const shown = url ? ` (${describeUrl(url)})` : '';
    return `the metadata's "${field}" is not an https: URL${shown}; plain http: is allowed only to a loopback host, with "allowInsecureLoopback"`;
  }
  return undefined;
}

/**
 * Fetches authorization server metadata, trying in turn RFC 8414 path-inserted, RFC 8414 appended and
 * OpenID Connect Discovery, and checks that the document names `issuer` and that every endpoint the SDK
 * uses is https: (see {@link metadataProblem}). Only then is it cached in `store`, for `metadataTtl`
 * seconds, so a returning visit makes no discovery request; a cached document is checked again on reading.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.1
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 * @throws {LoginError} `discovery_failed` when no placement gives valid metadata, or it names an endpoint
 *   that is not https:; `network` / `timeout`.
 */
export async function discover(issuer: URL, options: NormalizedOptions, store: Store, now = options.env.now()): Promise<oauth.AuthorizationServer> {
  const cached = await readCache(store, METADATA, options.metadataTtl, now);
  // Written by another version, or edited: checked as a fetched document would be.
  if (cached && names(cached.issuer, issuer) && metadataProblem(cached, options) === undefined) return cached;

  const http = requestOptions(options);
  const placements = [
    () => oauth.discoveryRequest(issuer, { ...http, algorithm: 'oauth2' }),
    () => appendedWellKnown(issuer, 'oauth-authorization-server', options),
    () => oauth.discoveryRequest(issuer, { ...http, algorithm: 'oidc' }),
  ];
  if (hasNoPath(issuer)) placements.splice(1, 1);
  const metadata = await firstValid(placements, (response) => oauth.processDiscoveryResponse(issuer, response), 'issuer', issuer);
  const problem = metadataProblem(metadata, options);
  if (problem !== undefined) throw new LoginError('discovery_failed', `Discovery: ${problem}`);
  await writeCache(store, METADATA, metadata, now);
  return metadata;
}
