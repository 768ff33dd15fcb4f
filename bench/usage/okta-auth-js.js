// @okta/okta-auth-js, the documented SPA flow (the package's default entry): configure, handle the
// callback, sign in, get a token, call the API, sign out. Same flow as telnyx-login.ts.
import { OktaAuth } from '@okta/okta-auth-js';

const oktaAuth = new OktaAuth({
  issuer: 'https://example.okta.com/oauth2/default',
  clientId: 'my-client',
  redirectUri: `${location.origin}/callback`,
  scopes: ['openid', 'profile', 'offline_access'],
  pkce: true,
});

if (oktaAuth.isLoginRedirect()) await oktaAuth.handleLoginRedirect();
await oktaAuth.start(); // token auto-renew and cross-tab sync

document.querySelector('#sign-in')?.addEventListener('click', () => void oktaAuth.signInWithRedirect());
document.querySelector('#sign-out')?.addEventListener('click', () => void oktaAuth.signOut());

if (await oktaAuth.isAuthenticated()) {
  console.log(await oktaAuth.getUser());
  const token = oktaAuth.getAccessToken();
  const response = await fetch('https://api.example.com/grants', { headers: { authorization: `Bearer ${token}` } });
  console.log(await response.json());
}
