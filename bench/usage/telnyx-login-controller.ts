// The one controller every telnyx-login usage in this folder starts from, configured as an app would.
import { createLogin } from '../../src/index.ts';

export const login = createLogin({
  issuer: 'https://api.telnyx.com/v2',
  clientId: 'my-client',
  redirectUri: `${location.origin}/callback`,
  scope: 'openid admin',
  apiOrigins: ['https://api.telnyx.com'],
});
