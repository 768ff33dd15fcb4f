import * as oauth from 'oauth4webapi';
import { LoginError } from '../contract/errors.js';
import type { LoginFeature } from '../contract/features.js';
import { requestOptions, secureFetch, timeoutSignal } from './http.js';
import { trustedIssuer, type NormalizedOptions } from '../contract/normalize.js';
import type { Store } from '../contract/store.js';
import { RESOURCE_METADATA } from '../session/schema.js';
import { parseUrl } from '../shared/urls.js';
import { appendedWellKnown, firstValid, getMetadata, hasNoPath, names, readCache, writeCache } from './wellknown.js';

/** The `resource_metadata` URL of a 401's `WWW-Authenticate: Bearer` challenge, if any. */
export function resourceMetadataUrl(response: Response): string | undefined {
  const challenge = response.headers.get('www-authenticate') ?? '';
  return /\bresource_metadata\s*=\s*"([^"]+)"/i.exec(challenge)?.[1];
}

/**
 * Asks the API itself, unauthenticated, where its metadata is: RFC 9728 section 5.1 has a 401 name it
 * in the `resource_metadata` parameter of `WWW-Authenticate`. That URL comes from the response, so it
 * goes through the same scheme check as every other (see getMetadata).
 */
async function fromChallenge(resource: URL, options: NormalizedOptions): Promise<Response> {
  const response = await secureFetch(options)(resource.href, { signal: timeoutSignal(options.timeout) });
  const url = resourceMetadataUrl(response);
  await response.body?.cancel();
  if (url === undefined || !parseUrl(url)) return new Response(null, { status: 404 });
  return getMetadata(url, options);
}

/**
 * The authorization server a protected-resource document names. The resource decides where the user
 * signs in, so its answer is checked like a configured issuer: every entry of `authorization_servers`
 * must be in `allowedIssuers` when that is set, and the first that is a URL must be https:.
 * @throws {LoginError} `discovery_failed`.
 */
function issuerOf(metadata: oauth.ResourceServer, options: NormalizedOptions): URL {
  const servers: unknown = metadata.authorization_servers;
  if (!Array.isArray(servers) || servers.length === 0 || !servers.every((server) => typeof server === 'string')) {
    throw new LoginError('discovery_failed', `Discovery: ${metadata.resource} names no authorization server`);
  }
  const unlisted = options.allowedIssuers && servers.find((server) => !options.allowedIssuers!.has(parseUrl(server)?.href ?? ''));
  if (unlisted !== undefined) {
    throw new LoginError('discovery_failed', `Discovery: ${metadata.resource} names ${unlisted}, which is not in "allowedIssuers"`);
  }
  const named = servers.find((server) => parseUrl(server));
  if (named === undefined) throw new LoginError('discovery_failed', `Discovery: ${metadata.resource} names no authorization server`);
  const issuer = trustedIssuer(named, options);
  if (!issuer) throw new LoginError('discovery_failed', `Discovery: the authorization server ${named} does not use https:`);
  return issuer;
}

/**
 * Finds the authorization server for an API from its RFC 9728 protected-resource metadata: the
 * path-inserted placement, the appended one, then the 401 challenge's `resource_metadata`. The document
 * must name this very resource, and a server the SDK will use (see {@link issuerOf}); only then is it
 * cached like authorization server metadata, and a cached one is checked again on reading.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
 * @throws {LoginError} `discovery_failed`, `network`, `timeout`.
 */
export async function discoverIssuer(resource: URL, options: NormalizedOptions, store: Store, now = options.env.now()): Promise<URL> {
  const cached = await readCache(store, RESOURCE_METADATA, options.metadataTtl, now);
  if (cached && names(cached.resource, resource)) {
    try {
      return issuerOf(cached, options);
    } catch {
      // Written by another version, or under other options: discover again.
    }
  }
  const placements = [
    () => oauth.resourceDiscoveryRequest(resource, requestOptions(options)),
    () => appendedWellKnown(resource, 'oauth-protected-resource', options),
    () => fromChallenge(resource, options),
  ];
  if (hasNoPath(resource)) placements.splice(1, 1);
  const metadata = await firstValid(placements, (response) => oauth.processResourceDiscoveryResponse(resource, response), 'resource', resource);
  const issuer = issuerOf(metadata, options);
  await writeCache(store, RESOURCE_METADATA, metadata, now);
  return issuer;
}

/** What resource discovery adds to the controller. @internal */
export interface ResourceDiscovery extends LoginFeature<'resource-discovery'> {
  discoverIssuer: typeof discoverIssuer;
}
