// Node-side helpers for talking to the local Telnyx look-alike without a browser, the way any client
// would: PKCE, the authorization request, the portal's sign-in and consent calls, the token endpoint.
import { createHash, randomBytes } from 'node:crypto';
import type { startServer } from '../../demo/server/index.js';

export type LocalServer = Awaited<ReturnType<typeof startServer>>;

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

/** Signs in to the portal as `username`; returns the user credential the consent API takes. */
export async function portalSignIn(server: LocalServer, username: string): Promise<string> {
  const response = await fetch(`${server.portalUrl}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username }),
  });
  if (response.status !== 200) throw new Error(`portal sign-in answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** GET /v2/oauth/authorize with `params` (no redirects followed). */
export function authorizeRequest(server: LocalServer, params: Record<string, string>): Promise<Response> {
  const url = new URL(`${server.issuer}/v2/oauth/authorize`);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  return fetch(url, { redirect: 'manual' });
}

/** The consent token from the authorization endpoint's redirect to the portal. */
export function consentTokenOf(response: Response, server: LocalServer): string {
  const location = new URL(response.headers.get('location') ?? '');
  if (location.origin !== server.portalUrl) throw new Error(`redirected to ${location.href}, not to the portal`);
  return location.searchParams.get('consent_token') ?? '';
}

/** A call to the consent API (or any API) with a bearer credential. */
export function apiCall(server: LocalServer, path: string, credential?: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (credential) headers.set('authorization', `Bearer ${credential}`);
  if (init.body) headers.set('content-type', 'application/json');
  return fetch(`${server.url}${path}`, { ...init, headers });
}

/** POST /v2/oauth/grants: the portal user's answer. */
export function answerConsent(server: LocalServer, credential: string, consentToken: string, allowed: boolean): Promise<Response> {
  return apiCall(server, '/v2/oauth/grants', credential, { method: 'POST', body: JSON.stringify({ consent_token: consentToken, allowed }) });
}

/** POST /v2/oauth/token with a form body. */
export async function tokenRequest(server: LocalServer, body: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.issuer}/v2/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
  return { response, json: (await response.json()) as Record<string, any> };
}

export interface CodeFlow {
  clientId: string;
  redirectUri: string;
  scope?: string;
  username?: string;
  /** Extra authorization request parameters (`resource`, ...). */
  params?: Record<string, string>;
}

/**
 * The whole authorization code flow as a browser and the portal would run it: authorize, portal user,
 * consent, then the client's one code exchange. Returns the redirect the portal was given and the tokens.
 */
export async function codeFlow(server: LocalServer, flow: CodeFlow) {
  const { verifier, challenge } = pkcePair();
  const authorize = await authorizeRequest(server, {
    response_type: 'code',
    client_id: flow.clientId,
    redirect_uri: flow.redirectUri,
    scope: flow.scope ?? 'numbers.read',
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...flow.params,
  });
  const consentToken = consentTokenOf(authorize, server);
  const credential = await portalSignIn(server, flow.username ?? 'alice');
  const answer = await answerConsent(server, credential, consentToken, true);
  const redirect = new URL(((await answer.json()) as { redirect_uri: string }).redirect_uri);
  const { response, json } = await tokenRequest(server, {
    grant_type: 'authorization_code',
    client_id: flow.clientId,
    code: redirect.searchParams.get('code') ?? '',
    code_verifier: verifier,
    redirect_uri: flow.redirectUri,
    ...(flow.params?.resource ? { resource: flow.params.resource } : {}),
  });
  if (response.status !== 200) throw new Error(`code exchange answered ${response.status}: ${JSON.stringify(json)}`);
  return { redirect, tokens: json, credential };
}
