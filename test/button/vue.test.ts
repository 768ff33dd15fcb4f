// The button in a Vue 3 app, bound the way the README says: the controller as a DOM property
// (`:login.prop`, which is `.login` in a render function) and the error event as a Vue listener.
import { getByRole, waitFor } from '@testing-library/dom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, h } from 'vue';
import '../../src/button/index.js';
import { APP, fakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, openApp, signedIn, visit } from '../helpers/app.js';

beforeEach(freshIndexedDb);
afterEach(() => document.body.replaceChildren());

function mountVue(render: () => ReturnType<typeof h>) {
  const root = document.createElement('div');
  document.body.append(root);
  const app = createApp({ render });
  app.mount(root);
  const element = root.querySelector('telnyx-login-button')!;
  return { app, element, inner: () => getByRole(element.shadowRoot as unknown as HTMLElement, 'button') };
}

describe('<telnyx-login-button> in Vue', () => {
  it('gets the controller as a property and follows its state through sign-out', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    const { app, inner } = mountVue(() => h('telnyx-login-button', { '.login': login, 'return-to': '/settings' }));
    await waitFor(() => expect(inner().textContent).toBe('Sign out'));
    inner().click();
    await waitFor(() => expect(inner().textContent).toBe('Sign in'));
    expect(login.state.status).toBe('signed-out');
    await waitFor(() => expect(server.counts.revoke).toBe(1)); // revocation follows the local sign-out
    app.unmount();
  });

  it('starts a sign-in with its attributes and reports a failed click to a Vue listener', async () => {
    const server = fakeServer({ placements: [] }); // no metadata anywhere: the sign-in fails with discovery_failed
    visit(`${APP}/`);
    const { login, navigations } = openApp(server);
    await login.ready;
    const errors: string[] = [];
    const { inner } = mountVue(() =>
      h('telnyx-login-button', {
        '.login': login,
        onTelnyxLoginError: (event: CustomEvent<{ error: { code?: string } }>) => errors.push(event.detail.error.code ?? ''),
      }),
    );
    inner().click();
    await waitFor(() => expect(errors).toEqual(['discovery_failed']));
    expect(navigations).toHaveLength(0);
  });
});
