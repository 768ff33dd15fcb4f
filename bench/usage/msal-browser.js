// @azure/msal-browser, the documented SPA flow: configure, handle the callback, sign in, get a token, call
// the API, sign out. Same flow as telnyx-login.ts.
import { PublicClientApplication } from '@azure/msal-browser';

const msal = new PublicClientApplication({
  auth: {
    clientId: 'my-client',
    authority: 'https://login.microsoftonline.com/common',
    redirectUri: `${location.origin}/callback`,
  },
  cache: { cacheLocation: 'localStorage' },
});
await msal.initialize();

const result = await msal.handleRedirectPromise();
if (result) msal.setActiveAccount(result.account);
const scopes = ['api://my-api/access'];

document.querySelector('#sign-in')?.addEventListener('click', () => void msal.loginRedirect({ scopes }));
document.querySelector('#sign-out')?.addEventListener('click', () => void msal.logoutRedirect());

const account = msal.getActiveAccount() ?? msal.getAllAccounts()[0];
if (account) {
  console.log(account.name);
  const { accessToken } = await msal.acquireTokenSilent({ scopes, account });
  const response = await fetch('https://api.example.com/grants', { headers: { authorization: `Bearer ${accessToken}` } });
  console.log(await response.json());
}
