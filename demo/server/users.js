// The portal's signed-in users. Signing in to the portal (any user name, no password) mints a user
// credential: what Telnyx's portal holds for its signed-in user, and what the consent API requires
// (a user's bearer credential, not an OAuth client's). It also works on the REST API, as an API key does.
import { randomBytes } from 'node:crypto';

/** User names the portal accepts. */
export const USER_NAME = /^[\w.@+-]{1,64}$/;

/** Credentials carry a prefix so a log or a test can tell them from OAuth access tokens. */
const PREFIX = 'KEYlocal_';

export function createUsers() {
  /** @type {Map<string, string>} credential -> user name */
  const credentials = new Map();
  return {
    /** A new credential for `name` (a valid user name). @param {string} name */
    mint(name) {
      if (!USER_NAME.test(name)) throw new TypeError('invalid user name');
      const credential = `${PREFIX}${randomBytes(24).toString('base64url')}`;
      credentials.set(credential, name);
      return credential;
    },
    /** The user a credential belongs to, or undefined. @param {string} credential */
    userOf(credential) {
      return credential.startsWith(PREFIX) ? credentials.get(credential) : undefined;
    },
  };
}

/** @typedef {ReturnType<typeof createUsers>} Users */
