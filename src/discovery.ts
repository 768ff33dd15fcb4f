import * as oauth from 'oauth4webapi';
import { LoginError } from './errors.js';
import { requestOptions, toLoginError } from './http.js';
import type { NormalizedOptions } from './options.js';
import type { Store } from './storage.js';

interface CachedMetadata {
  metadata: oauth.AuthorizationServer;
  /** Local time the metadata was fetched, in ms. */
  fetchedAt: number;
}

const METADATA_KEY = 'metadata';

/**
 * The RFC 8414 appended placement (`https://host/v2/.well-known/oauth-authorization-server`), which Telnyx
 * uses. oauth4webapi only builds the path-inserted one, so this request is ours; its response is still
 * validated by oauth4webapi's processDiscoveryResponse.
 */
function appendedRequest(issuer: URL, options: NormalizedOptions): Promise<Response> {
  const url = new URL(issuer.href);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/.well-known/oauth-authorization-server`;
  return options.fetch(url.href, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(options.timeout),
  });
}

/**
 * Fetches authorization server metadata, trying in turn RFC 8414 path-inserted, RFC 8414 appended and
 * OpenID Connect Discovery, and checks that the document names our issuer. The result is cached in
 * `store` for `metadataTtl` seconds, so a returning visit makes no discovery request.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.1
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 * @throws {LoginError} `discovery_failed` when no placement gives valid metadata; `network` / `timeout`.
 */
export async function discover(options: NormalizedOptions, store: Store, now = Date.now()): Promise<oauth.AuthorizationServer> {
  const cached = await store.get<CachedMetadata>(METADATA_KEY);
  // A fetchedAt in the future means the clock moved backwards: treat the entry as stale.
  if (cached && cached.metadata.issuer === options.issuer.href && cached.fetchedAt <= now && now - cached.fetchedAt < options.metadataTtl * 1000) {
    return cached.metadata;
  }

  const { issuer } = options;
  const http = requestOptions(options);
  const placements: (() => Promise<Response>)[] = [
    () => oauth.discoveryRequest(issuer, { ...http, algorithm: 'oauth2' }),
    () => appendedRequest(issuer, options),
    () => oauth.discoveryRequest(issuer, { ...http, algorithm: 'oidc' }),
  ];
  // Without a path the first two placements are the same URL.
  if (issuer.pathname === '/' || issuer.pathname === '') placements.splice(1, 1);

  const failures: unknown[] = [];
  for (const request of placements) {
    let response: Response;
    try {
      response = await request();
    } catch (err) {
      throw toLoginError(err, 'Discovery');
    }
    try {
      const metadata = await oauth.processDiscoveryResponse(issuer, response);
      await store.set(METADATA_KEY, { metadata, fetchedAt: now } satisfies CachedMetadata);
      return metadata;
    } catch (err) {
      failures.push(err);
    }
  }
  const mismatch = failures.find((err) => err instanceof oauth.OperationProcessingError && err.code === oauth.JSON_ATTRIBUTE_COMPARISON);
  throw new LoginError(
    'discovery_failed',
    mismatch
      ? `Discovery: the metadata names another issuer than ${issuer.href}`
      : `Discovery: no valid authorization server metadata for ${issuer.href}`,
    { cause: mismatch ?? failures.at(-1) },
  );
}
