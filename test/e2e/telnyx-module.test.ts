// The typed Telnyx module (`telnyx-login/telnyx`) against the local look-alike: every endpoint of the
// seeds, called through the module as an app would, answered by the server as Telnyx answers today. The
// README's endpoint table points here.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../../demo/server/index.js';
import { createTelnyxClient, isNotFoundError, isUnprocessableEntityError, type TelnyxClient } from '../../src/telnyx/index.js';
import { pkcePair, portalSignIn, type LocalServer } from './oauth.js';

const APP = 'http://localhost:5998';
let server: LocalServer;

beforeAll(async () => {
  server = await startServer({ port: 0, demoOrigins: [APP], testRoutes: true, quiet: true });
});
afterAll(() => server?.close());
beforeEach(() => server.resetCounts());

/** The module over plain fetch with a bearer credential (the portal user's, or an access token). */
const telnyxAs = (credential?: string): TelnyxClient =>
  createTelnyxClient({
    baseUrl: `${server.url}/v2`,
    ...(credential === undefined ? {} : { getAccessToken: () => credential, allowInsecureLoopback: true }),
  });

/** Registers a public client, runs the code flow through the module's calls, and returns its tokens. */
async function signInThroughTheModule(scope: string) {
  const anonymous = telnyxAs();
  const redirectUri = `${APP}/callback`;
  const { client_id } = await anonymous.oauth.register({
    client_name: 'Module test',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'none',
    scope,
  });
  const { verifier, challenge } = pkcePair();
  const authorize = anonymous.oauth.authorizeUrl({ client_id, redirect_uri: redirectUri, scope, state: 'module-state', code_challenge: challenge, code_challenge_method: 'S256' });
  const toPortal = await fetch(authorize, { redirect: 'manual' });
  const consentToken = new URL(toPortal.headers.get('location')!).searchParams.get('consent_token')!;

  const portalUser = telnyxAs(await portalSignIn(server, 'module-user'));
  const consent = await portalUser.oauth.consent(consentToken);
  const { redirect_uri } = await portalUser.oauth.createGrant({ consent_token: consentToken, allowed: true });
  const back = new URL(redirect_uri);
  const tokens = await anonymous.oauth.token({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, code_verifier: verifier, redirect_uri: redirectUri, client_id });
  return { client_id, consent, back, tokens };
}

describe('telnyx-login/telnyx against the local Telnyx look-alike', () => {
  it('reads both well-known documents at the root, and the key set', async () => {
    const telnyx = telnyxAs();
    expect(await telnyx.wellKnown.authorizationServer()).toMatchObject({ issuer: server.issuer, code_challenge_methods_supported: ['S256'] });
    expect(await telnyx.wellKnown.protectedResource()).toMatchObject({ resource: server.resource, authorization_servers: [server.issuer] });
    const { keys } = await telnyx.oauth.jwks();
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(server.counts()).toMatchObject({ discovery: 2, jwks: 1 });
  });

  it('registers, authorizes, shows and answers consent, and exchanges the code: one of each', async () => {
    const { consent, back, tokens } = await signInThroughTheModule('numbers.read');
    expect(consent).toMatchObject({ name: 'Module test', requested_scopes: [{ id: 'numbers.read' }] });
    expect(back.searchParams.get('state')).toBe('module-state');
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 1800, scope: 'numbers.read' });
    expect(typeof tokens.refresh_token).toBe('string');
    expect(server.counts()).toMatchObject({ registration: 1, authorize: 1, consent: { views: 1, allow: 1 }, token: 1 });
  });

  it('a confidential backend client gets a client_credentials token and introspects it', async () => {
    const { tokens } = await signInThroughTheModule('numbers.read account_management.write');
    const owner = telnyxAs(tokens.access_token);
    const backend = await owner.oauthClients.create({
      name: 'Introspecting backend',
      client_type: 'confidential',
      allowed_scopes: ['numbers.read'],
      allowed_grant_types: ['client_credentials'],
    });
    const basic = { headers: { authorization: `Basic ${btoa(`${backend.client_id}:${backend.client_secret}`)}` } };
    const anonymous = telnyxAs();
    const own = await anonymous.oauth.token({ grant_type: 'client_credentials', scope: 'numbers.read' }, basic);
    expect(await anonymous.oauth.introspect({ token: own.access_token }, basic)).toMatchObject({ active: true, client_id: backend.client_id, scope: 'numbers.read' });
    await owner.oauthClients.delete(backend.client_id);
    expect(server.counts()).toMatchObject({ introspection: 1, introspectionByStatus: { 200: 1 } });
  });

  it('creates, lists, gets, updates and deletes OAuth clients; an unknown scope is 422 (10027)', async () => {
    const { tokens } = await signInThroughTheModule('authentication_and_access.read account_management.write');
    const telnyx = telnyxAs(tokens.access_token);
    const created = await telnyx.oauthClients.create({
      name: 'CRUD app',
      client_type: 'public',
      allowed_scopes: ['numbers.read'],
      allowed_grant_types: ['authorization_code', 'refresh_token'],
      redirect_uris: [`${APP}/`],
    });
    expect((await telnyx.oauthClients.listPage({ page: { number: 1, size: 100 } })).data.map((c) => c.client_id)).toContain(created.client_id);
    expect(await telnyx.oauthClients.retrieve(created.client_id)).toMatchObject({ name: 'CRUD app', client_type: 'public' });
    expect(await telnyx.oauthClients.update(created.client_id, { name: 'CRUD app 2' })).toMatchObject({ name: 'CRUD app 2' });
    const refused = await telnyx.oauthClients.update(created.client_id, { allowed_scopes: ['admin'] }).catch((err: unknown) => err);
    expect(isUnprocessableEntityError(refused)).toBe(true);
    expect((refused as { errors: { code: string }[] }).errors[0]?.code).toBe('10027');
    await telnyx.oauthClients.delete(created.client_id);
    expect(isNotFoundError(await telnyx.oauthClients.retrieve(created.client_id).catch((err: unknown) => err))).toBe(true);
  });

  it('lists, gets and revokes grants; revokeForClient ends one app\'s grants only', async () => {
    const first = await signInThroughTheModule('authentication_and_access.read account_management.write');
    const telnyx = telnyxAs(first.tokens.access_token);
    const mine = (await telnyx.oauthGrants.listPage()).data.filter((grant) => grant.client_id === first.client_id);
    expect(mine).toHaveLength(1);
    expect(await telnyx.oauthGrants.retrieve(mine[0]!.id)).toMatchObject({ client_id: first.client_id, record_type: 'oauth_grant' });

    const second = await signInThroughTheModule('numbers.read');
    const ended = await telnyx.oauthGrants.revokeForClient(second.client_id);
    expect(ended.map((grant) => grant.client_id)).toEqual([second.client_id]);
    // The second app's token is dead at once; the first app's still works, until it revokes its own grant.
    const denied = await fetch(`${server.url}/v2/phone_numbers`, { headers: { authorization: `Bearer ${second.tokens.access_token}` } });
    expect(denied.status).toBe(401);
    await telnyx.oauthGrants.revoke(mine[0]!.id);
    expect((await fetch(`${server.url}/v2/oauth_grants`, { headers: { authorization: `Bearer ${first.tokens.access_token}` } })).status).toBe(401);
  });
});
