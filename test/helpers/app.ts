import { expect } from 'vitest';
import { createLogin, dynamicRegistration, popupSignIn, resourceDiscovery, type Login, type LoginOptions } from '../../src/index.js';
import { APP, API, CLIENT_ID, REDIRECT_URI, type FakeServer } from './fake-server.js';
import { MESSAGE_TYPE } from '../../src/browser/popup.js';

declare global {
  interface Window {
    happyDOM: { setURL(url: string): void };
  }
}

/** Puts the page at `url`, as a navigation would. */
export function visit(url: string): void {
  window.happyDOM.setURL(url);
}

/**
 * A controller wired to the fake server the way an app would be, recording where it navigates;
 * `navigated(n)` resolves once it has navigated n times. Each call is one "page load".
 */
export function openApp(server: FakeServer, overrides: Partial<LoginOptions> = {}) {
  const navigations: string[] = [];
  const waiting: (() => void)[] = [];
  const navigated = (count = 1) =>
    new Promise<void>((resolve) => {
      const check = () => (navigations.length >= count ? resolve() : void waiting.push(check));
      check();
    });
  const login: Login = createLogin({
    issuer: server.issuer,
    clientId: CLIENT_ID,
    redirectUri: REDIRECT_URI,
    scope: 'openid profile admin',
    apiOrigins: [API],
    fetch: server.fetch,
    navigate: (url) => {
      navigations.push(url);
      for (const check of waiting.splice(0)) check();
    },
    retryDelay: 0,
    features: [popupSignIn, resourceDiscovery, dynamicRegistration],
    ...overrides,
  });
  return { login, navigations, navigated };
}

/**
 * A zero-config page (RFC 9728 + RFC 7591: the API's resource and a registration, no issuer, no client id),
 * recording where it navigates.
 */
export function openZeroConfigApp(server: FakeServer, overrides: Partial<LoginOptions> = {}) {
  const navigations: string[] = [];
  const login = createLogin({
    resource: server.resource,
    registration: { client_name: 'My app' },
    redirectUri: REDIRECT_URI,
    scope: 'openid admin',
    apiOrigins: [API],
    fetch: server.fetch,
    navigate: (url) => void navigations.push(url),
    features: [resourceDiscovery, dynamicRegistration, popupSignIn],
    ...overrides,
  });
  return { login, navigations };
}

/** Runs a whole redirect sign-in: start page, authorization server, callback page. Returns the new page's controller. */
export async function signedIn(server: FakeServer, overrides: Partial<LoginOptions> = {}, start = `${APP}/settings`) {
  visit(start);
  const first = openApp(server, overrides);
  await first.login.ready;
  await first.login.signIn();
  first.login.dispose();
  visit(await server.authorize(first.navigations[0]!));
  const second = openApp(server, overrides);
  await second.login.ready;
  return second;
}

let dbCounter = 0;
/** A fresh IndexedDB for each test, so tests never see each other's sessions. */
export async function freshIndexedDb(): Promise<void> {
  const { IDBFactory } = await import('fake-indexeddb');
  dbCounter++;
  globalThis.indexedDB = new IDBFactory();
}

/**
 * A stand-in for the popup window, and the environment that opens it: pass `environment` to the
 * controller. Every sign-in opens the same window again, blank and open, as a browser reopens a named one.
 */
export function stubPopup() {
  let href = 'about:blank';
  let sent = (_url: string) => {};
  const popup = {
    closed: false,
    location: {
      get href() {
        return href;
      },
      set href(url: string) {
        href = url;
        sent(url);
      },
    },
    close: () => void (popup.closed = true),
    /** Where the SDK sends the popup after it was last opened: the authorization URL, once discovery is done. */
    sentTo: new Promise<string>(() => {}),
  };
  const openWindow = () => {
    href = 'about:blank';
    popup.closed = false;
    popup.sentTo = new Promise((resolve) => (sent = resolve));
    return popup as unknown as Window;
  };
  return { popup, environment: { openWindow } };
}

/** The authorization URL the SDK sends `popup` to (after discovery, so not at once). */
export async function popupAuthorizationUrl(popup: { sentTo: Promise<string> }): Promise<string> {
  const url = await popup.sentTo;
  expect(url).toContain('/oauth/authorize');
  return url;
}

/** What our callback page in `popup` posts to the opener (completePopupSignIn does it), from `origin`. */
export function postFromPopup(popup: object, url: string, origin = APP): void {
  window.dispatchEvent(new MessageEvent('message', { origin, source: popup as never, data: { type: MESSAGE_TYPE, url } }));
}
