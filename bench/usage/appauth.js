// @openid/appauth, the documented browser flow: configure (discovery), handle the callback, sign in with
// PKCE, exchange the code, refresh, call the API, sign out (revocation). Same flow as telnyx-login.ts.
import {
  AuthorizationNotifier,
  AuthorizationRequest,
  AuthorizationServiceConfiguration,
  BaseTokenRequestHandler,
  FetchRequestor,
  GRANT_TYPE_AUTHORIZATION_CODE,
  GRANT_TYPE_REFRESH_TOKEN,
  LocalStorageBackend,
  RedirectRequestHandler,
  RevokeTokenRequest,
  TokenRequest,
} from '@openid/appauth';

const clientId = 'my-client';
const redirectUri = `${location.origin}/callback`;
const requestor = new FetchRequestor();
const storage = new LocalStorageBackend();
const configuration = await AuthorizationServiceConfiguration.fetchFromIssuer('https://login.example.com', requestor);
const authorizationHandler = new RedirectRequestHandler(storage);
const tokenHandler = new BaseTokenRequestHandler(requestor);

const notifier = new AuthorizationNotifier();
authorizationHandler.setAuthorizationNotifier(notifier);
notifier.setAuthorizationListener(async (request, response) => {
  if (!response) return;
  const tokens = await tokenHandler.performTokenRequest(
    configuration,
    new TokenRequest({
      client_id: clientId,
      redirect_uri: redirectUri,
      grant_type: GRANT_TYPE_AUTHORIZATION_CODE,
      code: response.code,
      extras: { code_verifier: request.internal?.code_verifier ?? '' },
    }),
  );
  await storage.setItem('tokens', JSON.stringify(tokens.toJson()));
});
await authorizationHandler.completeAuthorizationRequestIfPossible();

document.querySelector('#sign-in')?.addEventListener('click', () =>
  authorizationHandler.performAuthorizationRequest(
    configuration,
    new AuthorizationRequest({ client_id: clientId, redirect_uri: redirectUri, scope: 'openid offline_access', response_type: AuthorizationRequest.RESPONSE_TYPE_CODE }),
  ),
);
document.querySelector('#sign-out')?.addEventListener('click', async () => {
  const stored = JSON.parse((await storage.getItem('tokens')) ?? 'null');
  if (stored) await tokenHandler.performRevokeTokenRequest(configuration, new RevokeTokenRequest({ token: stored.refresh_token ?? stored.access_token }));
  await storage.removeItem('tokens');
});

const stored = JSON.parse((await storage.getItem('tokens')) ?? 'null');
if (stored) {
  const fresh = await tokenHandler.performTokenRequest(
    configuration,
    new TokenRequest({ client_id: clientId, redirect_uri: redirectUri, grant_type: GRANT_TYPE_REFRESH_TOKEN, refresh_token: stored.refresh_token }),
  );
  const response = await fetch('https://api.example.com/grants', { headers: { authorization: `Bearer ${fresh.accessToken}` } });
  console.log(await response.json());
}
