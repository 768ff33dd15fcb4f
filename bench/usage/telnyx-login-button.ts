// telnyx-login core + the <telnyx-login-button> element: the button signs in and out itself.
import { appLogin } from './telnyx-login-controller.ts';
import type { TelnyxLoginButton } from '../../src/button/index.ts';
import '../../src/button/index.ts';

const login = appLogin(['numbers.read']);
const button = document.querySelector<TelnyxLoginButton>('telnyx-login-button');
if (button) {
  button.login = login;
  // Telnyx has no revocation endpoint: the grant lives on until the user ends it in the portal.
  button.addEventListener('telnyx-login-signed-out', (event) => {
    if (event.detail.result.revocation === 'unsupported') console.info('Signed out here; end the grant in the Telnyx portal');
  });
}
await login.ready;

if (login.state.status === 'signed-in') {
  const token = await login.getAccessToken();
  console.log(token.length);
  const response = await login.fetch('https://api.telnyx.com/v2/phone_numbers');
  console.log(await response.json());
}
