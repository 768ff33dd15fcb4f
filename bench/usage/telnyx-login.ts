// telnyx-login core, as an app uses it: configure, handle the callback, sign in, get a token, call the API,
// sign out. The same flow is written for every SDK in this folder.
import { appLogin } from './telnyx-login-controller.ts';

const login = appLogin(['numbers.read']);
const render = (): void => {
  document.body.dataset.status = login.state.status;
};
login.subscribe(render);
await login.ready; // handles ?code=... when this is the callback

document.querySelector('#sign-in')?.addEventListener('click', () => void login.signIn());
document.querySelector('#sign-out')?.addEventListener('click', async () => {
  const { revocation } = await login.signOut();
  // Telnyx has no revocation endpoint: the grant lives on until the user ends it in the portal.
  if (revocation === 'unsupported') console.info('Signed out here; end the grant in the Telnyx portal');
});

if (login.state.status === 'signed-in') {
  const token = await login.getAccessToken();
  console.log(token.length);
  const response = await login.fetch('https://api.telnyx.com/v2/phone_numbers');
  console.log(await response.json());
}
