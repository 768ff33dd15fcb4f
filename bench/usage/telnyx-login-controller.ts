// The one controller setup every telnyx-login usage in this folder starts from, configured as an app for
// Telnyx as deployed would be: the root issuer (no /v2), the scopes the app needs from Telnyx's 32.
import { createLogin, type Login, type TelnyxScope } from '../../src/index.ts';

export function appLogin(scope: TelnyxScope[]): Login {
  return createLogin({
    issuer: 'https://api.telnyx.com',
    clientId: 'my-client',
    redirectUri: `${location.origin}/callback`,
    scope,
    apiOrigins: ['https://api.telnyx.com'],
  });
}
