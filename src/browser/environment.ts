/**
 * The page around a controller: every browser global the core touches, behind one small interface. Each
 * member defaults to the page's own; tests and other hosts (an extension page, a webview shell) pass
 * theirs in the `environment` option of `createLogin()`, member by member.
 */
export interface LoginEnvironment {
  /** The one clock of the SDK's own records (expiry, pending sign-ins, leases, caches), in ms since the epoch. @default Date.now */
  now(): number;
  /** The page's address. @default () => location.href */
  href(): string;
  /** Shows `url` in the address bar without loading it. @default history.replaceState, keeping history.state */
  replaceUrl(url: string): void;
  /** Opens the window of a popup sign-in; null when the browser blocks it. @default window.open */
  openWindow(name: string, features: string): Window | null;
  /** Locks shared by the tabs of this origin; undefined where missing (an IndexedDB lease stands in). @default navigator.locks */
  locks: LockManager | undefined;
  /** A channel to the other tabs of this origin; undefined where missing. @default new BroadcastChannel(name) */
  channel(name: string): BroadcastChannel | undefined;
  /** True while the page is visible. @default document.visibilityState === 'visible' */
  visible(): boolean;
  /** Calls `listener` whenever the page's visibility changes; returns what stops it. @default document's visibilitychange */
  onVisibilityChange(listener: () => void): () => void;
}

/** The page's own globals. */
export function pageEnvironment(): LoginEnvironment {
  return {
    now: () => Date.now(),
    href: () => window.location.href,
    replaceUrl: (url) => window.history.replaceState(window.history.state, '', url),
    openWindow: (name, features) => window.open('about:blank', name, features),
    locks: globalThis.navigator?.locks,
    channel: (name) => (typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined),
    visible: () => document.visibilityState === 'visible',
    onVisibilityChange(listener) {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}

/** The page's own navigation: the default of the `navigate` option. */
export const pageNavigate = (url: string): void => window.location.assign(url);

/**
 * How far, in whole seconds, `env`'s clock is ahead of `Date.now()`, the clock oauth4webapi reads: passed
 * as its `clockSkew`, so its ID token checks keep to the SDK's one clock.
 */
export function clockSkew(env: LoginEnvironment): number {
  return Math.round((env.now() - Date.now()) / 1000);
}
