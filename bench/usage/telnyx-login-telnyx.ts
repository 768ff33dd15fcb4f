// telnyx-login core + the typed Telnyx OAuth API client, calling the API through login.fetch.
import { login } from './telnyx-login-controller.ts';
import { createTelnyxClient } from '../../src/telnyx/index.ts';

const telnyx = createTelnyxClient({ fetch: login.fetch });

await login.ready;
document.querySelector('#sign-in')?.addEventListener('click', () => void login.signIn());
document.querySelector('#sign-out')?.addEventListener('click', () => void login.signOut());

if (login.state.status === 'signed-in') {
  const token = await login.getAccessToken();
  console.log(token.length);
  for await (const grant of telnyx.oauthGrants.list()) console.log(grant.client_id);
  await telnyx.oauthClients.list();
}
