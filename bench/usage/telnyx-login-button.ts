// telnyx-login core + the <telnyx-login-button> element: the button signs in and out itself.
import { createLogin } from '../../src/index.ts';
import type { TelnyxLoginButton } from '../../src/button.ts';
import '../../src/button.ts';

const login = createLogin({
  issuer: 'https://api.telnyx.com/v2',
  clientId: 'my-client',
  redirectUri: `${location.origin}/callback`,
  scope: 'openid admin',
  apiOrigins: ['https://api.telnyx.com'],
});

const button = document.querySelector<TelnyxLoginButton>('telnyx-login-button');
if (button) button.login = login;
await login.ready;

if (login.state.status === 'signed-in') {
  const token = await login.getAccessToken();
  console.log(token.length);
  const response = await login.fetch('https://api.telnyx.com/v2/oauth_grants');
  console.log(await response.json());
}
