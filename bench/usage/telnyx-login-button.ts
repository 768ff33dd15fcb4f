// telnyx-login core + the <telnyx-login-button> element: the button signs in and out itself.
import { login } from './telnyx-login-controller.ts';
import type { TelnyxLoginButton } from '../../src/button.ts';
import '../../src/button.ts';

const button = document.querySelector<TelnyxLoginButton>('telnyx-login-button');
if (button) button.login = login;
await login.ready;

if (login.state.status === 'signed-in') {
  const token = await login.getAccessToken();
  console.log(token.length);
  const response = await login.fetch('https://api.telnyx.com/v2/oauth_grants');
  console.log(await response.json());
}
