// oidc-client-ts, the documented SPA flow: configure, handle the callback, sign in, get a token, call the
// API, sign out. Same flow as telnyx-login.ts.
import { UserManager } from 'oidc-client-ts';

const userManager = new UserManager({
  authority: 'https://login.example.com',
  client_id: 'my-client',
  redirect_uri: `${location.origin}/callback`,
  post_logout_redirect_uri: location.origin,
  scope: 'openid profile offline_access',
  automaticSilentRenew: true,
});

if (location.pathname === '/callback') {
  await userManager.signinRedirectCallback();
  history.replaceState({}, '', '/');
}

document.querySelector('#sign-in')?.addEventListener('click', () => void userManager.signinRedirect());
document.querySelector('#sign-out')?.addEventListener('click', () => void userManager.signoutRedirect());

const user = await userManager.getUser();
if (user && !user.expired) {
  console.log(user.profile);
  const response = await fetch('https://api.example.com/grants', { headers: { authorization: `Bearer ${user.access_token}` } });
  console.log(await response.json());
}
