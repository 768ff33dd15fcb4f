import * as oauth from 'oauth4webapi';
import { LoginError } from './errors.js';
import { requestOptions } from './http.js';
import { usesAllowedScheme, type NormalizedOptions } from './options.js';
import type { Store } from './storage.js';
import { appendedWellKnown, firstValid, getMetadata, hasNoPath, names, readCache, writeCache } from './wellknown.js';

const RESOURCE_KEY = 'resource-metadata';

/** The `resource_metadata` URL of a 401's `WWW-Authenticate: Bearer` challenge, if any. */
export function resourceMetadataUrl(response: Response): string | undefined {
  const challenge = response.headers.get('www-authenticate') ?? '';
  return /\bresource_metadata\s*=\s*"([^"]+)"/i.exec(challenge)?.[1];
}

/**
 * Asks the API itself, unauthenticated, where its metadata is: RFC 9728 section 5.1 has a 401 name it
 * in the `resource_metadata` parameter of `WWW-Authenticate`.
 */
async function fromChallenge(resource: URL, options: NormalizedOptions): Promise<Response> {
  const response = await options.fetch(resource.href, { signal: AbortSignal.timeout(options.timeout) });
  const url = resourceMetadataUrl(response);
  await response.body?.cancel();
  if (!url || !URL.canParse(url)) return new Response(null, { status: 404 });
  return getMetadata(url, options);
}

/**
 * Finds the authorization server for an API from its RFC 9728 protected-resource metadata: the
 * path-inserted placement, the appended one, then the 401 challenge's `resource_metadata`. The document
 * must name this very resource, and the server it names must use https: as a configured issuer must.
 * Cached like authorization server metadata.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
 * @throws {LoginError} `discovery_failed`, `network`, `timeout`.
 */
export async function discoverIssuer(resource: URL, options: NormalizedOptions, store: Store, now = Date.now()): Promise<URL> {
  let metadata = await readCache<oauth.ResourceServer>(store, RESOURCE_KEY, options.metadataTtl, now);
  if (!metadata || !names(metadata.resource, resource)) {
    const placements = [
      () => oauth.resourceDiscoveryRequest(resource, requestOptions(options)),
      () => appendedWellKnown(resource, 'oauth-protected-resource', options),
      () => fromChallenge(resource, options),
    ];
    if (hasNoPath(resource)) placements.splice(1, 1);
    metadata = await firstValid(placements, (response) => oauth.processResourceDiscoveryResponse(resource, response), 'resource', resource);
    await writeCache(store, RESOURCE_KEY, metadata, now);
  }
  const issuer = metadata.authorization_servers?.find((candidate) => URL.canParse(candidate));
  if (!issuer) throw new LoginError('discovery_failed', `Discovery: ${resource.href} names no authorization server`);
  const url = new URL(issuer);
  if (!usesAllowedScheme(url, options.allowInsecure)) {
    throw new LoginError('discovery_failed', `Discovery: the authorization server ${url.href} does not use https:`);
  }
  return url;
}
