// @auth0/auth0-spa-js, the documented SPA flow: configure, handle the callback, sign in, get a token, call
// the API, sign out. Same flow as telnyx-login.ts.
import { createAuth0Client } from '@auth0/auth0-spa-js';

const auth0 = await createAuth0Client({
  domain: 'example.us.auth0.com',
  clientId: 'my-client',
  authorizationParams: { redirect_uri: `${location.origin}/callback`, audience: 'https://api.example.com', scope: 'openid profile' },
  cacheLocation: 'localstorage',
  useRefreshTokens: true,
});

const params = new URLSearchParams(location.search);
if (params.has('code') && params.has('state')) {
  await auth0.handleRedirectCallback();
  history.replaceState({}, '', '/');
}

document.querySelector('#sign-in')?.addEventListener('click', () => void auth0.loginWithRedirect());
document.querySelector('#sign-out')?.addEventListener('click', () => void auth0.logout({ logoutParams: { returnTo: location.origin } }));

if (await auth0.isAuthenticated()) {
  console.log(await auth0.getUser());
  const token = await auth0.getTokenSilently();
  const response = await fetch('https://api.example.com/grants', { headers: { authorization: `Bearer ${token}` } });
  console.log(await response.json());
}
