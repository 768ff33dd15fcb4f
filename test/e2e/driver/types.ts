// The one browser API the e2e scenarios are written against: the few parts of Playwright's API they use,
// so a scenario reads like Playwright and runs unchanged in Chromium, Firefox (both through playwright-core)
// and WebKitGTK (through selenium-webdriver, which has no Playwright of its own on this machine).

export const ENGINES = ['chromium', 'firefox', 'webkit'] as const;
export type EngineName = (typeof ENGINES)[number];

/** How long an action or a waitFor waits for its element unless told otherwise, in every engine. */
export const ACTION_TIMEOUT = 15_000;

/**
 * Web platform features a profile can lack, as real browsers do: IndexedDB refused (Chromium: site data
 * blocked for the site; Firefox: a private window without IndexedDB, as up to Firefox 114; WebKit: the
 * IndexedDB feature off), and Web Locks missing (WebKit with the feature off, as Safari before 15.4).
 */
export type MissingFeature = 'indexedDB' | 'webLocks';

const SWITCHABLE: Record<EngineName, readonly MissingFeature[]> = {
  chromium: ['indexedDB'],
  firefox: ['indexedDB'],
  webkit: ['indexedDB', 'webLocks'],
};

/** True when `engine`'s driver can start a profile without `feature` (scenarios skip the others). */
export const canRunWithout = (engine: EngineName, feature: MissingFeature) => SWITCHABLE[engine].includes(feature);

/**
 * True when `engine`'s pages can be made phone-narrow (375 px) with `setViewportSize`: MiniBrowser's window
 * (WebKit) cannot be narrower than its toolbar, 447 px here, and classic WebDriver has no device emulation.
 */
export const canEmulatePhone = (engine: EngineName) => engine !== 'webkit';

export interface ContextOptions {
  /** Features this profile lacks; only those {@link canRunWithout} allows. */
  without?: readonly MissingFeature[];
  /** The site that lacks them, where an engine takes them per site (Chromium); others lack them everywhere. */
  origin?: string;
}

/**
 * Elements found lazily, every time an action runs, as Playwright's locators are: CSS and test ids pierce
 * open shadow roots. Actions wait (up to {@link ACTION_TIMEOUT}) for exactly one visible, enabled element.
 */
export interface Locator {
  /** Elements with `data-testid="<id>"` inside this locator's elements. */
  getByTestId(id: string): Locator;
  /** Elements matching the CSS selector inside this locator's elements. */
  locator(css: string): Locator;
  /**
   * The buttons inside (shadow roots included, such as `<telnyx-login-button>`'s), hidden ones left out;
   * with `name`, only those whose accessible name contains it, case aside.
   */
  getByRole(role: 'button', options?: { name?: string }): Locator;
  first(): Locator;
  /** Elements of either locator. */
  or(other: Locator): Locator;
  /** Only the visible ones. */
  filter(options: { visible: true }): Locator;

  /** A real (trusted) click: what lets a page open a popup. */
  click(): Promise<void>;
  /** Types `value` into an empty input, key by key. */
  fill(value: string): Promise<void>;
  /** Presses a key (`Enter`) with the element focused. */
  press(key: 'Enter'): Promise<void>;
  selectOption(value: string): Promise<void>;

  count(): Promise<number>;
  textContent(): Promise<string | null>;
  getAttribute(name: string): Promise<string | null>;
  isVisible(): Promise<boolean>;
  isDisabled(): Promise<boolean>;
  /** Waits until an element is visible. */
  waitFor(options?: { timeout?: number }): Promise<void>;
  /** Runs `fn` in the page on the one element, once it is attached. */
  evaluate<R>(fn: (element: HTMLElement) => R): Promise<R>;
  /** Runs `fn` in the page on every element found (possibly none). */
  evaluateAll<R>(fn: (elements: Element[]) => R): Promise<R>;
}

export interface Page {
  goto(url: string): Promise<void>;
  url(): Promise<string>;
  reload(): Promise<void>;
  /** Runs `fn` in the page and returns its (awaited, JSON-like) result. */
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  getByTestId(id: string): Locator;
  locator(css: string): Locator;
  getByRole(role: 'button', options?: { name?: string }): Locator;
  /** Presses a key on whatever has focus. */
  keyboard: { press(key: 'Enter'): Promise<void> };
  /** Runs `action` (a click) and returns the popup it opened. */
  waitForPopup(action: () => Promise<unknown>): Promise<Page>;
  /** The visible text of the page, for error messages. */
  bodyText(): Promise<string>;
  waitForTimeout(ms: number): Promise<void>;
  /** The size of the page's viewport (`innerWidth` × `innerHeight`), as on a phone. */
  setViewportSize(size: { width: number; height: number }): Promise<void>;
  isClosed(): Promise<boolean>;
  /** Closes this tab or popup, as a person would. */
  close(): Promise<void>;
}

/** One browser profile: its own IndexedDB, cookies and server sessions; tabs in it share them. */
export interface Context {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface Browser {
  readonly engine: EngineName;
  /** The engine's version as the browser reports it (for the CI log). */
  readonly version: string;
  newContext(options?: ContextOptions): Promise<Context>;
  close(): Promise<void>;
}
