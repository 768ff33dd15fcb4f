import { StrictMode, useState } from 'react';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../../src/button/index.js';
import { createLogin, type Login } from '../../src/index.js';
import { LoginButton, LoginProvider, useLogin, type UseLogin } from '../../src/react/index.js';
import { API, APP, CLIENT_ID, REDIRECT_URI, fakeServer, type FakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, openApp, signedIn, visit } from '../helpers/app.js';

beforeEach(freshIndexedDb);
afterEach(cleanup);

function Account({ onRender }: { onRender?: (value: UseLogin) => void }) {
  const value = useLogin();
  onRender?.(value);
  const { state, signIn, signOut } = value;
  return (
    <div>
      <p data-testid="status">{state.status}</p>
      {state.error && <p role="alert">{state.error.message}</p>}
      {state.status === 'signed-in' ? (
        <button onClick={() => void signOut()}>Sign out {state.user?.name}</button>
      ) : (
        <button onClick={() => void signIn({ returnTo: '/welcome' })}>Sign in</button>
      )}
    </div>
  );
}

/** The page the authorization server sends the browser back to. */
async function atCallback(server: FakeServer, deny = false) {
  visit(`${APP}/`);
  const start = openApp(server);
  await start.login.ready;
  await start.login.signIn({ returnTo: '/welcome' });
  start.login.dispose();
  visit(await server.authorize(start.navigations[0]!, { deny }));
}

describe('useLogin', () => {
  it('throws a TypeError outside a LoginProvider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Account />)).toThrow(TypeError);
  });

  it('LoginProvider refuses something that is not a controller', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<LoginProvider login={{} as Login}><Account /></LoginProvider>)).toThrow(/"login" must be/);
  });

  it('follows the controller from loading to signed-out, and signIn navigates to the authorization server', async () => {
    const server = fakeServer();
    visit(`${APP}/`);
    const { login, navigations, navigated } = openApp(server);
    render(<LoginProvider login={login}><Account /></LoginProvider>);
    expect(screen.getByTestId('status').textContent).toBe('loading');
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('signed-out'));

    await act(async () => screen.getByRole('button', { name: 'Sign in' }).click());
    await navigated();
    expect(navigations).toHaveLength(1);
    expect(new URL(navigations[0]!).origin + new URL(navigations[0]!).pathname).toBe(server.metadata.authorization_endpoint);
    expect(screen.getByTestId('status').textContent).toBe('signing-in');
  });

  it('under StrictMode the callback makes exactly one code exchange (controller created outside React)', async () => {
    const server = fakeServer();
    await atCallback(server);
    const { login } = openApp(server);
    render(<StrictMode><LoginProvider login={login}><Account /></LoginProvider></StrictMode>);
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('signed-in'));
    expect(screen.getByRole('button').textContent).toBe('Sign out User alice');
    expect(server.counts.authorizationCode).toBe(1);
    expect(window.location.pathname).toBe('/welcome');
  });

  it('under StrictMode a controller created in a useState initializer (run twice) still exchanges the code once', async () => {
    const server = fakeServer();
    await atCallback(server);
    const created: Login[] = [];
    function App() {
      const [login] = useState(() => {
        const controller = createLogin({
          issuer: server.issuer,
          clientId: CLIENT_ID,
          redirectUri: REDIRECT_URI,
          scope: 'openid profile admin',
          fetch: server.fetch,
          navigate: () => {},
        });
        created.push(controller);
        return controller;
      });
      return <LoginProvider login={login}><Account /></LoginProvider>;
    }
    render(<StrictMode><App /></StrictMode>);
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('signed-in'));
    await Promise.all(created.map((login) => login.ready));
    expect(created).toHaveLength(2); // StrictMode ran the initializer twice: two controllers saw the callback
    expect(server.counts.authorizationCode).toBe(1);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a refused sign-in as an error state', async () => {
    const server = fakeServer();
    await atCallback(server, true);
    const { login } = openApp(server);
    render(<StrictMode><LoginProvider login={login}><Account /></LoginProvider></StrictMode>);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('The user denied the request'));
    expect(login.state.error?.code).toBe('access_denied');
    expect(server.counts.authorizationCode).toBe(0);
  });

  it('signOut and fetch act on the controller; actions keep their identity across renders', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    const renders: UseLogin[] = [];
    render(<LoginProvider login={login}><Account onRender={(value) => renders.push(value)} /></LoginProvider>);
    expect(screen.getByTestId('status').textContent).toBe('signed-in');

    const response = await renders.at(-1)!.fetch(`${API}/v2/oauth_grants`);
    expect(response.status).toBe(200);
    expect(server.log.at(-1)!.authorization).toMatch(/^Bearer at-/);
    await expect(renders.at(-1)!.getAccessToken()).resolves.toMatch(/^at-/);

    await act(async () => screen.getByRole('button').click());
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('signed-out'));
    expect(server.counts.revoke).toBe(1);
    const first = renders[0]!;
    const last = renders.at(-1)!;
    expect(last).not.toBe(first);
    expect(last.state.reason).toBe('user');
    for (const action of ['signIn', 'signOut', 'getAccessToken', 'fetch'] as const) expect(last[action]).toBe(first[action]);
    expect(last.login).toBe(login);
  });

  it('unsubscribes on unmount, StrictMode included', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    let live = 0;
    const subscribe = login.subscribe.bind(login);
    vi.spyOn(login, 'subscribe').mockImplementation((listener) => {
      live++;
      const unsubscribe = subscribe(listener);
      return () => {
        live--;
        unsubscribe();
      };
    });
    const { unmount } = render(<StrictMode><LoginProvider login={login}><Account /></LoginProvider></StrictMode>);
    expect(live).toBe(1);
    unmount();
    expect(live).toBe(0);
  });
});

describe('<telnyx-login-button> in React', () => {
  it('takes the controller as a property and attributes as attributes', async () => {
    const server = fakeServer();
    visit(`${APP}/`);
    const { login, navigations, navigated } = openApp(server);
    await login.ready;
    const { container } = render(<telnyx-login-button login={login} return-to="/after" sign-in-label="Continue" />);
    const element = container.querySelector('telnyx-login-button')!;
    expect(element.login).toBe(login);
    const inner = element.shadowRoot!.querySelector('button')!;
    expect(inner.textContent).toBe('Continue');
    expect(element.hasAttribute('popup')).toBe(false);
    await act(async () => inner.click());
    await navigated();
    expect(navigations).toHaveLength(1);
  });

  it('popup={true} sets the boolean attribute', () => {
    const { container } = render(<telnyx-login-button popup />);
    expect(container.querySelector('telnyx-login-button')!.getAttribute('popup')).toBe('');
  });
});

describe('<LoginButton>', () => {
  it('sets the nearest provider\'s controller as a property, attributes as attributes, and signs in', async () => {
    const server = fakeServer();
    visit(`${APP}/`);
    const { login, navigations, navigated } = openApp(server);
    await login.ready;
    const { container } = render(<LoginProvider login={login}><LoginButton return-to="/after" sign-in-label="Continue" popup={false} /></LoginProvider>);
    const element = container.querySelector('telnyx-login-button')!;
    expect(element.login).toBe(login);
    expect(element.hasAttribute('login')).toBe(false);
    expect(element.hasAttribute('popup')).toBe(false);
    expect(element.getAttribute('return-to')).toBe('/after');
    await act(async () => element.shadowRoot!.querySelector('button')!.click());
    await navigated();
    expect(navigations).toHaveLength(1);
  });

  it('prefers its own login prop, follows it when it changes, and sets popup only when true', async () => {
    visit(`${APP}/`);
    const first = openApp(fakeServer(), { storage: 'memory' }).login;
    const second = openApp(fakeServer(), { storage: 'memory' }).login;
    const { container, rerender } = render(<LoginButton login={first} popup />);
    const element = container.querySelector('telnyx-login-button')!;
    expect(element.login).toBe(first);
    expect(element.hasAttribute('popup')).toBe(true);
    rerender(<LoginButton login={second} />);
    expect(element.login).toBe(second);
    expect(element.hasAttribute('popup')).toBe(false);
  });

  it('throws a TypeError with neither a login prop nor a provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<LoginButton />)).toThrow(/needs a "login" prop or a <LoginProvider>/);
  });
});
