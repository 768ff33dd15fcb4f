// Fault matrix, where a token may go: everywhere the SDK attaches a bearer token (login.fetch's apiOrigins,
// the Telnyx client's getAccessToken) the same rule holds: https:, or plain http: to a loopback host only
// when explicitly allowed. And a Telnyx id can never change which endpoint a call reaches.
import { describe, expect, it } from 'vitest';
import { createLogin, type LoginOptions } from '../../src/index.js';
import { createTelnyxClient, InvalidParameterError, isInvalidParameterError, type TelnyxClientOptions } from '../../src/telnyx/index.js';
import { fakeApi, json } from '../telnyx/fake-api.js';
import { thrown } from '../helpers/thrown.js';

const valid: LoginOptions = { issuer: 'https://auth.localhost/v2', clientId: 'c', redirectUri: 'https://app.localhost/callback' };


describe('apiOrigins: the origins login.fetch sends the token to', () => {
  it.each([
    ['plain http: to a remote host', { apiOrigins: ['http://api.example.com'] }],
    ['plain http: to a remote host, even with allowInsecureLoopback', { apiOrigins: ['http://api.example.com'], allowInsecureLoopback: true }],
    ['plain http: to localhost without allowInsecureLoopback', { apiOrigins: ['http://localhost:4010'] }],
    ['plain http: to 127.0.0.1 without allowInsecureLoopback', { apiOrigins: ['http://127.0.0.1:4010'] }],
    ['a ws: origin', { apiOrigins: ['wss://api.example.com'] }],
    ['a ws: origin on a loopback host, even with allowInsecureLoopback', { apiOrigins: ['ws://localhost:4010'], allowInsecureLoopback: true }],
  ])('origins: apiOrigins with %s → createLogin throws a TypeError (ERR_INVALID_ARG_VALUE) naming "apiOrigins"', (_name, override) => {
    const err = thrown(() => createLogin({ ...valid, ...override }).dispose());
    expect(err).toBeInstanceOf(TypeError);
    expect(err).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE', message: expect.stringContaining('"apiOrigins"') });
  });

  it('origins: apiOrigins with https:, or loopback http: with allowInsecureLoopback → accepted', () => {
    expect(thrown(() => createLogin({ ...valid, apiOrigins: ['https://api.example.com'] }).dispose())).toBe('no error');
    for (const origin of ['http://localhost:4010', 'http://127.0.0.1:4010', 'http://[::1]:4010']) {
      expect(thrown(() => createLogin({ ...valid, apiOrigins: [origin], allowInsecureLoopback: true }).dispose())).toBe('no error');
    }
  });
});

describe("the Telnyx client's getAccessToken: the token goes to baseUrl", () => {
  const getAccessToken = () => 'user-token';

  it.each([
    ['plain http: to a remote host, with getAccessToken', { baseUrl: 'http://api.telnyx.com/v2', getAccessToken }],
    ['plain http: to a remote host, with getAccessToken and allowInsecureLoopback', { baseUrl: 'http://api.telnyx.com/v2', getAccessToken, allowInsecureLoopback: true }],
    ['plain http: to a remote host (a token, code or secret in a body would cross the wire readable)', { baseUrl: 'http://api.telnyx.com/v2' }],
    ['plain http: to localhost with getAccessToken but without allowInsecureLoopback', { baseUrl: 'http://localhost:4010/v2', getAccessToken }],
  ])('origins: a Telnyx client with %s → createTelnyxClient throws a TypeError (ERR_INVALID_ARG_VALUE) naming "baseUrl"', (_name, options) => {
    const api = fakeApi(options.baseUrl);
    const err = thrown(() => createTelnyxClient({ ...(options as TelnyxClientOptions), fetch: api.fetch }));
    expect(err).toBeInstanceOf(TypeError);
    expect(err).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE', message: expect.stringContaining('"baseUrl"') });
    expect(api.sent).toEqual([]);
  });

  it('origins: a Telnyx client with getAccessToken on loopback http: and allowInsecureLoopback → the token is sent there', async () => {
    const api = fakeApi('http://localhost:4010/v2').on('GET', '/oauth_grants/g-1', json({ data: { id: 'g-1' } }));
    const telnyx = createTelnyxClient({ baseUrl: 'http://localhost:4010/v2', getAccessToken, allowInsecureLoopback: true, fetch: api.fetch });
    await telnyx.oauthGrants.retrieve('g-1');
    expect(api.sent[0]?.headers.get('authorization')).toBe('Bearer user-token');
  });

  it('origins: a Telnyx client on loopback http: without getAccessToken (login.fetch decides) → allowed, no token added by the client', async () => {
    const api = fakeApi('http://localhost:4010/v2').on('GET', '/oauth/jwks', json({ keys: [] }));
    await createTelnyxClient({ baseUrl: 'http://localhost:4010/v2', fetch: api.fetch }).oauth.jwks();
    expect(api.sent[0]?.headers.get('authorization')).toBeNull();
  });
});

describe('Telnyx ids that would change the endpoint', () => {
  const client = (fetch: TelnyxClientOptions['fetch']) => createTelnyxClient({ fetch, getAccessToken: () => 'user-token' });

  it.each([
    ['oauthGrants.revoke', (fetch: TelnyxClientOptions['fetch'], id: string) => client(fetch).oauthGrants.revoke(id)],
    ['oauthGrants.retrieve', (fetch: TelnyxClientOptions['fetch'], id: string) => client(fetch).oauthGrants.retrieve(id)],
    ['oauthClients.delete', (fetch: TelnyxClientOptions['fetch'], id: string) => client(fetch).oauthClients.delete(id)],
    ['oauthClients.update', (fetch: TelnyxClientOptions['fetch'], id: string) => client(fetch).oauthClients.update(id, { name: 'x' })],
    ['oauth.consent', (fetch: TelnyxClientOptions['fetch'], id: string) => client(fetch).oauth.consent(id)],
  ])('ids: %s with ".", "..", "%2e", ".%2E" → InvalidParameterError before any request (never DELETE /v2/)', async (_name, call) => {
    for (const id of ['.', '..', '%2e', '.%2E', '%2e%2e']) {
      const api = fakeApi();
      const err = await call(api.fetch, id).then(() => 'no error', (error: unknown) => error);
      expect(err).toBeInstanceOf(InvalidParameterError);
      expect(isInvalidParameterError(err)).toBe(true);
      expect(err).toMatchObject({ code: 'invalid_parameter' });
      expect(api.sent).toEqual([]);
    }
  });

  it('ids: revokeForClient over a listing whose grant id is ".." (the id comes from the server) → InvalidParameterError, only the listing was sent', async () => {
    const api = fakeApi().on('GET', '/oauth_grants', json({ data: [{ record_type: 'oauth_grant', id: '..', client_id: 'app', scopes: [] }], meta: { total_pages: 1 } }));
    const err = await client(api.fetch).oauthGrants.revokeForClient('app').then(() => 'no error', (error: unknown) => error);
    expect(err).toBeInstanceOf(InvalidParameterError);
    expect(api.sent.map((sent) => `${sent.method} ${sent.url.pathname}`)).toEqual(['GET /v2/oauth_grants']);
  });

  it('ids: an id with a dot inside ("v1.2", "a..b") is an ordinary id, sent encoded as one segment', async () => {
    const api = fakeApi().on('GET', '/oauth_clients/v1.2', json({ data: { client_id: 'v1.2' } })).on('GET', '/oauth_clients/a..b', json({ data: { client_id: 'a..b' } }));
    await client(api.fetch).oauthClients.retrieve('v1.2');
    await client(api.fetch).oauthClients.retrieve('a..b');
    expect(api.sent.map((sent) => sent.url.pathname)).toEqual(['/v2/oauth_clients/v1.2', '/v2/oauth_clients/a..b']);
  });
});
