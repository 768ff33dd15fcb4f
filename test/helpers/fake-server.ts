/**
 * An in-process authorization server + API behind a fetch function: it issues codes bound to PKCE
 * challenges, checks them, rotates refresh tokens, signs ID tokens, serves metadata at the placement a
 * test chooses and answers API calls only for live tokens. It returns real `Response` objects and counts
 * every request, so tests assert behaviour and request counts, never our internals.
 */

export const ISSUER = 'https://auth.localhost/v2';
export const API = 'https://api.localhost';
export const APP = 'https://app.localhost';
export const REDIRECT_URI = `${APP}/callback`;
export const CLIENT_ID = 'spa-client';

export type Placement = 'inserted' | 'appended' | 'oidc';
type Handler = (request: Request) => Response | Promise<Response>;

export interface FakeServerOptions {
  issuer?: string;
  placements?: Placement[];
  /** Advertise RFC 9207 `iss` and send it on the callback. @default true */
  iss?: boolean;
  /** Access token lifetime in seconds; undefined sends no expires_in. @default 3600 */
  accessTokenTtl?: number | undefined;
  rotateRefreshTokens?: boolean;
  revocation?: boolean;
  /** The API's resource identifier, on the API origin. @default `${API}/v2` */
  resource?: string;
  /** Where RFC 9728 protected-resource metadata for the resource is served. @default ['inserted'] */
  resourcePlacements?: ('inserted' | 'appended' | 'challenge')[];
  /** Accept only clients registered through /oauth/register at the token endpoint. @default false */
  registeredClientsOnly?: boolean;
  /** The server's clock minus the browser's, in ms (negative: the browser is ahead). @default 0 */
  clockOffset?: number;
  /** ID token lifetime in seconds. @default 600 */
  idTokenTtl?: number;
  /** Send a new ID token with every refresh too, as oidc-provider does for `openid`. @default false */
  idTokenOnRefresh?: boolean;
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string | undefined;
  scope: string;
  user: string;
  grantId: string;
}

interface AccessGrant {
  grantId: string;
  expiresAt: number | undefined;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const oauthError = (error: string, status = 400, description?: string) =>
  json({ error, ...(description ? { error_description: description } : {}) }, status);

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const random = () => base64url(crypto.getRandomValues(new Uint8Array(16)));

async function s256(verifier: string): Promise<string> {
  return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

// P-256, not RSA: an RSA key takes each test file 100-500 ms to generate, which its first sign-in waits for.
const keyPair = crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']) as Promise<CryptoKeyPair>;

async function signJwt(payload: Record<string, unknown>): Promise<string> {
  const encode = (value: unknown) => base64url(new TextEncoder().encode(JSON.stringify(value)));
  const input = `${encode({ alg: 'ES256', typ: 'JWT' })}.${encode(payload)}`;
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, (await keyPair).privateKey, new TextEncoder().encode(input));
  return `${input}.${base64url(signature)}`;
}

export function fakeServer(options: FakeServerOptions = {}) {
  const issuer = options.issuer ?? ISSUER;
  const issuerUrl = new URL(issuer);
  const placements = options.placements ?? ['inserted'];
  const iss = options.iss ?? true;
  const ttl = 'accessTokenTtl' in options ? options.accessTokenTtl : 3600;
  const rotate = options.rotateRefreshTokens ?? true;
  const now = () => Date.now() + (options.clockOffset ?? 0);
  const idTokenTtl = options.idTokenTtl ?? 600;

  const codes = new Map<string, CodeGrant>();
  const accessTokens = new Map<string, AccessGrant>();
  const refreshTokens = new Map<string, { grantId: string; scope: string; user: string }>();
  const revokedGrants = new Set<string>();
  const log: { method: string; url: string; authorization: string | null; body: string }[] = [];
  const counts = { discovery: 0, resourceDiscovery: 0, registration: 0, authorizationCode: 0, refresh: 0, revoke: 0, api: 0, foreign: 0 };
  const clients = new Set<string>();
  const resource = options.resource ?? `${API}/v2`;
  const resourcePath = new URL(resource).pathname.replace(/\/$/, '');
  const resourcePlacements = options.resourcePlacements ?? ['inserted'];
  const resourcePaths = {
    inserted: `/.well-known/oauth-protected-resource${resourcePath}`,
    appended: `${resourcePath}/.well-known/oauth-protected-resource`,
    challenge: '/meta/resource',
  };
  /** One-shot replacements for the next request to a path (pathname), in order. */
  const queued = new Map<string, Handler[]>();

  const metadata = {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    ...(options.revocation === false ? {} : { revocation_endpoint: `${issuer}/oauth/revoke` }),
    jwks_uri: `${issuer}/oauth/jwks`,
    registration_endpoint: `${issuer}/oauth/register`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    scopes_supported: ['openid', 'profile', 'admin'],
    id_token_signing_alg_values_supported: ['ES256'],
    ...(iss ? { authorization_response_iss_parameter_supported: true } : {}),
  };
  const path = issuerUrl.pathname.replace(/\/$/, '');
  const metadataPaths: Record<Placement, string> = {
    inserted: `/.well-known/oauth-authorization-server${path}`,
    appended: `${path}/.well-known/oauth-authorization-server`,
    oidc: `${path}/.well-known/openid-configuration`,
  };

  async function issueTokens(grant: { grantId: string; scope: string; user: string; nonce?: string | undefined; clientId: string }, withIdToken: boolean) {
    const accessToken = `at-${random()}`;
    accessTokens.set(accessToken, { grantId: grant.grantId, expiresAt: ttl === undefined ? undefined : now() + ttl * 1000 });
    const refreshToken = `rt-${random()}`;
    refreshTokens.set(refreshToken, { grantId: grant.grantId, scope: grant.scope, user: grant.user });
    const body: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', refresh_token: refreshToken, scope: grant.scope };
    if (ttl !== undefined) body.expires_in = ttl;
    if (withIdToken && grant.scope.split(' ').includes('openid')) {
      const iat = Math.floor(now() / 1000);
      body.id_token = await signJwt({ iss: issuer, aud: grant.clientId, sub: grant.user, name: `User ${grant.user}`, iat, exp: iat + idTokenTtl, nonce: grant.nonce });
    }
    return body;
  }

  async function token(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const grantType = form.get('grant_type');
    if (options.registeredClientsOnly && !clients.has(form.get('client_id') ?? '')) return oauthError('invalid_client', 401, 'unknown client');
    if (grantType === 'authorization_code') {
      counts.authorizationCode++;
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? ''); // single use
      if (!grant || grant.clientId !== form.get('client_id') || grant.redirectUri !== form.get('redirect_uri')) return oauthError('invalid_grant');
      if ((await s256(form.get('code_verifier') ?? '')) !== grant.challenge) return oauthError('invalid_grant', 400, 'PKCE verification failed');
      return json(await issueTokens(grant, true));
    }
    if (grantType === 'refresh_token') {
      counts.refresh++;
      const presented = form.get('refresh_token') ?? '';
      const grant = refreshTokens.get(presented);
      if (!grant || revokedGrants.has(grant.grantId)) return oauthError('invalid_grant', 400, 'refresh token is invalid');
      if (rotate) refreshTokens.delete(presented);
      const body = await issueTokens({ ...grant, clientId: form.get('client_id') ?? '' }, options.idTokenOnRefresh ?? false);
      if (!rotate) {
        refreshTokens.delete(body.refresh_token as string);
        delete body.refresh_token;
      }
      return json(body);
    }
    return oauthError('unsupported_grant_type');
  }

  async function revoke(request: Request): Promise<Response> {
    counts.revoke++;
    const form = new URLSearchParams(await request.text());
    const presented = form.get('token') ?? '';
    const grantId = refreshTokens.get(presented)?.grantId ?? accessTokens.get(presented)?.grantId;
    if (grantId) revokedGrants.add(grantId);
    return new Response(null, { status: 200 });
  }

  async function register(request: Request): Promise<Response> {
    counts.registration++;
    const body = (await request.json()) as Record<string, unknown>;
    const clientId = `dyn-${random()}`;
    clients.add(clientId);
    return json({ ...body, client_id: clientId, client_id_issued_at: Math.floor(Date.now() / 1000) }, 201);
  }

  function api(request: Request): Response {
    counts.api++;
    const url = new URL(request.url);
    if (Object.values(resourcePaths).includes(url.pathname)) {
      const placement = (Object.keys(resourcePaths) as (keyof typeof resourcePaths)[]).find((key) => resourcePaths[key] === url.pathname)!;
      counts.resourceDiscovery++;
      if (resourcePlacements.includes(placement)) return json({ resource, authorization_servers: [issuer], bearer_methods_supported: ['header'] });
      return json({ errors: [{ code: '404' }] }, 404);
    }
    const presented = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    const grant = presented ? accessTokens.get(presented) : undefined;
    const live = grant && !revokedGrants.has(grant.grantId) && (grant.expiresAt === undefined || grant.expiresAt > now());
    if (!live) {
      const metadataHint = resourcePlacements.includes('challenge') ? `, resource_metadata="${API}${resourcePaths.challenge}"` : '';
      return json({ errors: [{ code: '10009', title: 'Authentication failed' }] }, 401, { 'www-authenticate': `Bearer error="invalid_token"${metadataHint}` });
    }
    return json({ data: [{ record_type: 'oauth_grant', id: grant.grantId }], meta: { page_number: 1, page_size: 20, total_pages: 1, total_results: 1 } });
  }

  async function route(request: Request, faults = true): Promise<Response> {
    const url = new URL(request.url);
    const next = faults ? queued.get(url.pathname)?.shift() : undefined;
    if (url.origin === issuerUrl.origin) {
      if (Object.values(metadataPaths).includes(url.pathname)) counts.discovery++;
      if (next) return next(request);
      for (const placement of placements) if (metadataPaths[placement] === url.pathname) return json(metadata);
      if (url.pathname === `${path}/oauth/token` && request.method === 'POST') return token(request);
      if (url.pathname === `${path}/oauth/revoke` && request.method === 'POST') return revoke(request);
      if (url.pathname === `${path}/oauth/register` && request.method === 'POST') return register(request);
      return json({ error: 'not_found' }, 404);
    }
    if (next) return next(request);
    if (url.origin === API) return api(request);
    counts.foreign++;
    return json({ ok: true });
  }

  return {
    issuer,
    metadata,
    counts,
    log,
    /** The fetch to hand to createLogin. */
    fetch: async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const request = new Request(input, init);
      log.push({ method: request.method, url: request.url, authorization: request.headers.get('authorization'), body: await request.clone().text() });
      return route(request);
    },
    /** The server's own answer, past any queued fault and unlogged: for a queued handler that alters a real response. */
    respond: (request: Request): Promise<Response> => route(request, false),
    /** Replaces the next response for a path (pathname), e.g. to fail the token endpoint once. */
    queue(pathname: string, handler: Handler) {
      queued.set(pathname, [...(queued.get(pathname) ?? []), handler]);
    },
    tokenPath: `${path}/oauth/token`,
    /** What the user's browser comes back with after the authorization page (consent given or denied). */
    async authorize(authorizationUrl: string, decision: { deny?: boolean; user?: string } = {}): Promise<string> {
      const url = new URL(authorizationUrl);
      const q = url.searchParams;
      const back = new URL(q.get('redirect_uri') ?? '');
      const state = q.get('state');
      if (state !== null) back.searchParams.set('state', state);
      if (iss) back.searchParams.set('iss', issuer);
      if (decision.deny) {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_description', 'The user denied the request');
        return back.href;
      }
      if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) throw new Error('fake server: PKCE S256 is required');
      const code = `code-${random()}`;
      codes.set(code, {
        clientId: q.get('client_id') ?? '',
        redirectUri: q.get('redirect_uri') ?? '',
        challenge: q.get('code_challenge') ?? '',
        nonce: q.get('nonce') ?? undefined,
        scope: q.get('scope') ?? '',
        user: decision.user ?? 'alice',
        grantId: `grant-${random()}`,
      });
      back.searchParams.set('code', code);
      return back.href;
    },
    resource,
    /** Forgets every registered client, as a server that was reset would. */
    forgetClients: () => clients.clear(),
    /** Revokes every token of every grant, as the API's DELETE /oauth_grants/:id would. */
    revokeAll() {
      for (const { grantId } of accessTokens.values()) revokedGrants.add(grantId);
    },
    /** Pending (unused) queued responses, so a test can fail when a fake it set up was never used. */
    unusedQueued: () => [...queued.values()].reduce((sum, list) => sum + list.length, 0),
  };
}

export type FakeServer = ReturnType<typeof fakeServer>;
