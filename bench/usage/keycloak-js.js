// keycloak-js, the documented SPA flow: configure, handle the callback (init does it), sign in, get a
// token, call the API, sign out. Same flow as telnyx-login.ts.
import Keycloak from 'keycloak-js';

const keycloak = new Keycloak({ url: 'https://keycloak.example.com', realm: 'example', clientId: 'my-client' });
const authenticated = await keycloak.init({ onLoad: 'check-sso', pkceMethod: 'S256', checkLoginIframe: false });

document.querySelector('#sign-in')?.addEventListener('click', () => void keycloak.login({ redirectUri: `${location.origin}/callback` }));
document.querySelector('#sign-out')?.addEventListener('click', () => void keycloak.logout({ redirectUri: location.origin }));

if (authenticated) {
  console.log(keycloak.tokenParsed?.sub);
  await keycloak.updateToken(30); // refreshes when it expires within 30 s
  const response = await fetch('https://api.example.com/grants', { headers: { authorization: `Bearer ${keycloak.token}` } });
  console.log(await response.json());
}
