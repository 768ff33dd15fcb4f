// telnyx-login core + the typed Telnyx OAuth API client, calling the API through login.fetch: a "connected
// apps" page that lists the user's grants and, Telnyx having no revocation endpoint, ends this app's grant
// through the API before signing out.
import { appLogin } from './telnyx-login-controller.ts';
import { createTelnyxClient } from '../../src/telnyx/index.ts';

// Reading grants and clients needs authentication_and_access.read, ending a grant account_management.write.
const login = appLogin(['numbers.read', 'authentication_and_access.read', 'account_management.write']);
const telnyx = createTelnyxClient({ fetch: login.fetch });

await login.ready;
document.querySelector('#sign-in')?.addEventListener('click', () => void login.signIn());
document.querySelector('#sign-out')?.addEventListener('click', async () => {
  await telnyx.oauthGrants.revokeForClient('my-client');
  await login.signOut();
});

if (login.state.status === 'signed-in') {
  const token = await login.getAccessToken();
  console.log(token.length);
  for await (const grant of telnyx.oauthGrants.list()) console.log(grant.client_id, grant.scopes);
  await telnyx.oauthClients.list();
}
