import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getByRole, waitFor } from '@testing-library/dom';
import '../../src/button/index.js';
import { TelnyxLoginButton } from '../../src/button/index.js';
import type { Login, LoginState } from '../../src/index.js';
import { APP, fakeServer, type FakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, openApp, signedIn, visit } from '../helpers/app.js';

beforeEach(freshIndexedDb);
afterEach(() => {
  document.body.replaceChildren();
});

function mount(login: Login | undefined, attributes: Record<string, string> = {}): TelnyxLoginButton {
  const element = document.createElement('telnyx-login-button');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (login) element.login = login;
  document.body.append(element);
  return element;
}

const shadow = (element: TelnyxLoginButton) => element.shadowRoot as unknown as HTMLElement;
const button = (element: TelnyxLoginButton) => getByRole(shadow(element), 'button');
const part = (element: TelnyxLoginButton, name: string) => element.shadowRoot!.querySelector<HTMLElement>(`[part=${name}]`)!;
const visible = (element: HTMLElement) => !element.hidden;

/** The callback page after the authorization server sent the browser back: a new controller and a new button. */
async function callbackPage(server: FakeServer, authorizationUrl: string, decision: { deny?: boolean } = {}) {
  visit(await server.authorize(authorizationUrl, decision));
  const app = openApp(server);
  const element = mount(app.login);
  await app.login.ready;
  return { ...app, element };
}

/**
 * A state source for the few tests that are about rendering claims the fake server never issues
 * (pictures); everything about behaviour runs against the real controller.
 */
function stateSource(state: LoginState): Login {
  return {
    ready: Promise.resolve(state),
    state,
    subscribe: () => () => {},
    on: () => () => {},
    signIn: async () => {},
    signOut: async () => ({ revocation: 'none' }),
    getAccessToken: async () => '',
    fetch: async () => new Response(),
    dispose() {},
  };
}

describe('<telnyx-login-button>', () => {
  it('is registered by importing telnyx-login/button, once', () => {
    expect(customElements.get('telnyx-login-button')).toBe(TelnyxLoginButton);
    expect(document.createElement('telnyx-login-button')).toBeInstanceOf(TelnyxLoginButton);
  });

  it('holds a real <button> in its shadow root, with parts to style', () => {
    const element = mount(undefined);
    const inner = button(element);
    expect(inner.tagName).toBe('BUTTON');
    expect(inner.getAttribute('type')).toBe('button');
    expect(inner.getAttribute('part')).toBe('button');
    for (const name of ['label', 'spinner', 'user', 'avatar', 'name', 'error']) expect(part(element, name)).not.toBeNull();
  });

  it('is busy while the session refreshes, and not after', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedIn(server);
    const element = mount(login);
    const busyDuringRefresh: string[] = [];
    login.subscribe((state) => {
      if (state.refreshing) busyDuringRefresh.push(button(element).getAttribute('aria-busy') ?? '');
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 100_000);
      await login.getAccessToken();
    } finally {
      vi.useRealTimers();
    }
    expect(server.counts.refresh).toBe(1);
    expect(busyDuringRefresh).toEqual(['true']);
    expect(button(element).getAttribute('aria-busy')).toBe('false');
    expect(button(element).textContent).toBe('Sign out');
  });

  it('is busy while the controller loads, then offers "Sign in"', async () => {
    visit(`${APP}/`);
    const { login } = openApp(fakeServer());
    const element = mount(login);
    expect(login.state.status).toBe('loading');
    expect(button(element).getAttribute('aria-busy')).toBe('true');
    expect(button(element).getAttribute('aria-disabled')).toBe('true');
    expect(element.getAttribute('status')).toBe('loading');
    expect(element.hasAttribute('busy')).toBe(true);

    await login.ready;
    expect(button(element).textContent).toBe('Sign in');
    expect(button(element).getAttribute('aria-busy')).toBe('false');
    expect(button(element).getAttribute('aria-disabled')).toBe('false');
    expect(element.getAttribute('status')).toBe('signed-out');
    expect(element.hasAttribute('busy')).toBe(false);
    expect(visible(part(element, 'user'))).toBe(false);
    expect(visible(part(element, 'error'))).toBe(false);
  });

  it('without a controller: shows not-connected (no spinner, never busy) and warns once per page what to do', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const first = mount(undefined);
    const second = mount(undefined);
    for (const element of [first, second]) {
      expect(element.getAttribute('status')).toBe('not-connected');
      expect(visible(part(element, 'spinner'))).toBe(false);
      expect(button(element).getAttribute('aria-busy')).toBe('false');
      expect(button(element).getAttribute('aria-disabled')).toBe('true');
    }
    await new Promise((resolve) => setTimeout(resolve));
    button(first).click();
    expect(warn.mock.calls).toEqual([[expect.stringMatching(/^<telnyx-login-button> has no login controller, so it does nothing: set its "login" property to what createLogin\(\) returns/)]]);

    visit(`${APP}/`);
    const { login } = openApp(fakeServer());
    await login.ready;
    first.login = login;
    expect(first.getAttribute('status')).toBe('signed-out');
    expect(button(first).getAttribute('aria-disabled')).toBe('false');
  });

  it('a click ignored while loading starts nothing', async () => {
    visit(`${APP}/`);
    const server = fakeServer();
    const { login, navigations } = openApp(server);
    const element = mount(login);
    button(element).click();
    await login.ready;
    expect(navigations).toEqual([]);
    expect(server.log).toEqual([]);
  });

  it('signs in through the authorization server and out again, keeping focus on the one button', async () => {
    const server = fakeServer();
    visit(`${APP}/settings`);
    const start = openApp(server);
    const element = mount(start.login, { 'return-to': '/account?tab=keys' });
    await start.login.ready;

    const inner = button(element);
    inner.focus();
    inner.click();
    // Busy from the click on, without disabling the button (that would drop focus).
    expect(inner.getAttribute('aria-busy')).toBe('true');
    expect(inner.hasAttribute('disabled')).toBe(false);
    await start.navigated();
    expect(start.navigations).toHaveLength(1);
    const authorization = new URL(start.navigations[0]!);
    expect(authorization.origin + authorization.pathname).toBe(server.metadata.authorization_endpoint);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(start.login.state.status).toBe('signing-in');
    expect(inner.getAttribute('aria-busy')).toBe('true');
    expect(element.shadowRoot!.activeElement).toBe(inner);
    expect(document.activeElement).toBe(element);
    start.login.dispose();

    const page = await callbackPage(server, start.navigations[0]!);
    expect(server.counts.authorizationCode).toBe(1);
    expect(window.location.pathname + window.location.search).toBe('/account?tab=keys');
    const signedInButton = button(page.element);
    expect(signedInButton.textContent).toBe('Sign out');
    expect(signedInButton.getAttribute('aria-busy')).toBe('false');
    expect(visible(part(page.element, 'user'))).toBe(true);
    expect(part(page.element, 'name').textContent).toBe('User alice');
    expect(visible(part(page.element, 'avatar'))).toBe(false); // no picture claim
    expect(page.element.getAttribute('status')).toBe('signed-in');

    signedInButton.focus();
    signedInButton.click();
    await waitFor(() => expect(page.login.state.status).toBe('signed-out'));
    await waitFor(() => expect(signedInButton.getAttribute('aria-busy')).toBe('false'));
    expect(signedInButton.textContent).toBe('Sign in');
    expect(visible(part(page.element, 'user'))).toBe(false);
    expect(part(page.element, 'name').textContent).toBe('');
    expect(page.element.shadowRoot!.activeElement).toBe(signedInButton);
    expect(server.counts.revoke).toBe(1);
    await expect(page.login.getAccessToken()).rejects.toMatchObject({ code: 'login_required' });
  });

  it('passes scope as an authorization parameter', async () => {
    visit(`${APP}/`);
    const { login, navigations, navigated } = openApp(fakeServer());
    const element = mount(login, { scope: 'openid admin' });
    await login.ready;
    button(element).click();
    await navigated();
    expect(navigations).toHaveLength(1);
    const authorization = new URL(navigations[0]!);
    expect(authorization.searchParams.get('scope')).toBe('openid admin');
    expect(authorization.searchParams.get('nonce')).toBeTruthy();
  });

  it('shows a refused sign-in with its message and retries it', async () => {
    const server = fakeServer();
    visit(`${APP}/`);
    const start = openApp(server);
    const element = mount(start.login);
    await start.login.ready;
    button(element).click();
    await start.navigated();
    expect(start.navigations).toHaveLength(1);
    start.login.dispose();

    const page = await callbackPage(server, start.navigations[0]!, { deny: true });
    expect(page.login.state.error?.code).toBe('access_denied');
    const alert = getByRole(shadow(page.element), 'alert');
    expect(alert.textContent).toBe(page.login.state.error?.message);
    expect(alert.textContent).toContain('The user denied the request');
    const retry = button(page.element);
    expect(retry.textContent).toBe('Try again');
    expect(retry.getAttribute('aria-describedby')).toBe(alert.id);
    expect(page.element.getAttribute('status')).toBe('error');
    expect(server.counts.authorizationCode).toBe(0);

    retry.click();
    await page.navigated();
    expect(page.navigations).toHaveLength(1);
    expect(new URL(page.navigations[0]!).pathname).toBe('/v2/oauth/authorize');
    expect(getByRole(shadow(page.element), 'alert', { hidden: true }).hidden).toBe(true);
  });

  it('reports a sign-in that fails before leaving (discovery), with a bubbling event, and retries', async () => {
    const server = fakeServer({ placements: [] });
    visit(`${APP}/`);
    const { login, navigations, navigated } = openApp(server);
    const element = mount(login);
    await login.ready;
    const events: Event[] = [];
    document.addEventListener('telnyx-login-error', (event) => events.push(event));

    button(element).click();
    await waitFor(() => expect(button(element).textContent).toBe('Try again'));
    expect(login.state.error?.code).toBe('discovery_failed');
    expect(part(element, 'error').textContent).toBe(login.state.error?.message);
    expect(button(element).getAttribute('aria-busy')).toBe('false');
    expect(events).toHaveLength(1);
    expect((events[0] as CustomEvent<{ error: { code: string } }>).detail.error.code).toBe('discovery_failed');

    server.queue('/.well-known/oauth-authorization-server/v2', () =>
      new Response(JSON.stringify(server.metadata), { headers: { 'content-type': 'application/json' } }));
    button(element).click();
    await navigated();
    expect(navigations).toHaveLength(1);
    expect(visible(part(element, 'error'))).toBe(false);
    expect(server.unusedQueued()).toBe(0);
  });

  it('the popup attribute signs in through a popup (blocked here: shown as an error)', async () => {
    visit(`${APP}/`);
    const open = vi.fn(() => null);
    const { login, navigations } = openApp(fakeServer(), { environment: { openWindow: open } });
    const element = mount(login, { popup: '' });
    await login.ready;
    button(element).click();
    expect(open).toHaveBeenCalledTimes(1); // synchronously, inside the click
    // The controller refuses before changing state; the button shows the rejection itself.
    await waitFor(() => expect(button(element).textContent).toBe('Try again'));
    expect(part(element, 'error').textContent).toContain('blocked');
    expect(login.state.status).toBe('signed-out');
    expect(navigations).toEqual([]);
  });

  it('labels can be replaced by attributes, live', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    const element = mount(login, { 'sign-out-label': 'Log out' });
    expect(button(element).textContent).toBe('Log out');
    element.setAttribute('sign-out-label', 'Leave');
    expect(button(element).textContent).toBe('Leave');

    const out = mount(openApp(server).login, { 'sign-in-label': 'Continue with Telnyx' });
    await login.signOut();
    await waitFor(() => expect(button(out).textContent).toBe('Continue with Telnyx'));
  });

  it('follows sign-out in another tab', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    const otherTab = openApp(server);
    await otherTab.login.ready;
    const element = mount(login);
    expect(button(element).textContent).toBe('Sign out');
    await otherTab.login.signOut();
    await waitFor(() => expect(button(element).textContent).toBe('Sign in'));
    expect(login.state.reason).toBe('other_tab');
  });

  it('stops listening when removed, and catches up when put back', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    const element = mount(login);
    const subscribe = vi.spyOn(login, 'subscribe');
    element.remove();
    await login.signOut();
    expect(button(element).textContent).toBe('Sign out');
    document.body.append(element);
    expect(button(element).textContent).toBe('Sign in');
    expect(subscribe).toHaveBeenCalledTimes(1);
  });

  it('can be rebound to another controller, or to none', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    visit(`${APP}/`);
    const other = openApp(fakeServer(), { storage: 'memory' }).login;
    await other.ready;
    const element = mount(login);
    expect(button(element).textContent).toBe('Sign out');
    element.login = other;
    expect(button(element).textContent).toBe('Sign in');
    element.login = undefined;
    expect(element.getAttribute('status')).toBe('not-connected');
    expect(() => {
      (element as { login: unknown }).login = { nope: true };
    }).toThrow(TypeError);
  });

  it('shows the picture claim as the avatar, http(s) only', () => {
    const user = { sub: 'u1', name: 'Ada Lovelace', picture: 'https://img.localhost/ada.png' };
    const element = mount(stateSource({ status: 'signed-in', user }));
    const avatar = part(element, 'avatar') as HTMLImageElement;
    expect(visible(avatar)).toBe(true);
    expect(avatar.getAttribute('src')).toBe('https://img.localhost/ada.png');
    expect(avatar.getAttribute('alt')).toBe('');
    expect(part(element, 'name').textContent).toBe('Ada Lovelace');

    element.login = stateSource({ status: 'signed-in', user: { sub: 'u2', email: 'b@x.localhost', picture: 'javascript:alert(1)' } });
    expect(visible(avatar)).toBe(false);
    expect(avatar.hasAttribute('src')).toBe(false);
    expect(part(element, 'name').textContent).toBe('b@x.localhost');
  });

  it('signed in without an ID token (no OpenID, as on Telnyx): shows "Signed in", or the name the app supplies, live', () => {
    const element = mount(stateSource({ status: 'signed-in', scope: 'numbers.read' }));
    expect(visible(part(element, 'user'))).toBe(true);
    expect(part(element, 'name').textContent).toBe('Signed in');
    element.setAttribute('signed-in-label', 'Connected to Telnyx');
    expect(part(element, 'name').textContent).toBe('Connected to Telnyx');
    element.setAttribute('user-name', 'Ada (from the app)');
    expect(part(element, 'name').textContent).toBe('Ada (from the app)');
    element.login = stateSource({ status: 'signed-out' });
    expect(visible(part(element, 'user'))).toBe(false);
    expect(part(element, 'name').textContent).toBe('');
  });

  it('tells the page what its sign-out did at the server: a telnyx-login-signed-out event with the result', async () => {
    for (const [revocation, server] of [
      ['revoked', fakeServer()],
      ['unsupported', fakeServer({ revocation: false, issuer: 'https://no-revocation.localhost/v2' })],
    ] as const) {
      await freshIndexedDb();
      const { login } = await signedIn(server, { issuer: server.issuer });
      const element = mount(login);
      const results: string[] = [];
      element.addEventListener('telnyx-login-signed-out', (event) => results.push(event.detail.result.revocation));
      button(element).click();
      await waitFor(() => expect(results).toEqual([revocation]));
      element.remove();
    }
  });

  it('styles through custom properties with dark defaults and honours [hidden]', () => {
    const element = mount(undefined);
    const css = element.shadowRoot!.querySelector('style')!.textContent!;
    for (const property of ['--telnyx-login-bg', '--telnyx-login-fg', '--telnyx-login-radius', '--telnyx-login-font', '--telnyx-login-focus']) {
      expect(css).toContain(property);
    }
    expect(css).toContain('prefers-color-scheme:dark');
    expect(css).toContain(':host([hidden]){display:none}');
  });
});
