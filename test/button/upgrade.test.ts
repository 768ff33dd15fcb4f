import { beforeEach, expect, it } from 'vitest';
import type { TelnyxLoginButton } from '../../src/button/index.js';
import { APP, fakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, openApp, visit } from '../helpers/app.js';

beforeEach(freshIndexedDb);

// Its own file: the element must not be defined yet, as when a framework renders before the import runs.
it('takes a `login` set before the element was defined', async () => {
  visit(`${APP}/`);
  const { login } = openApp(fakeServer());
  await login.ready;
  const element = document.createElement('telnyx-login-button') as TelnyxLoginButton;
  element.login = login;
  document.body.append(element);
  expect(customElements.get('telnyx-login-button')).toBeUndefined();

  await import('../../src/button/index.js');
  expect(Object.hasOwn(element, 'login')).toBe(false);
  expect(element.login).toBe(login);
  expect(element.shadowRoot!.querySelector('button')!.textContent).toBe('Sign in');
});
