// WebKitGTK's MiniBrowser through WebKitWebDriver (classic WebDriver, via selenium-webdriver), behind the
// same API as the Playwright engines. Classic WebDriver has one current window per session and no
// shadow-piercing locators, so every command is queued per session and switches to its page's window
// first, and locators are resolved by a script in the page (dom.ts) that returns the element to act on.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { Builder, Capabilities, error as webdriverErrors, Key, type WebDriver, type WebElement } from 'selenium-webdriver';
import { DOM_HELPERS, type Blocker, type Step } from './dom.js';
import { freePort, startXvfb, stop, withTimeout, type Display } from './processes.js';
import { ACTION_TIMEOUT, type Browser, type Context, type ContextOptions, type Locator, type MissingFeature, type Page } from './types.js';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const SESSION_TIMEOUT = 30_000;
const POLL_MS = 50;

/** MiniBrowser's runtime feature flags (`MiniBrowser --features=help`) for what a profile lacks. */
const FEATURE_FLAGS: Record<MissingFeature, string> = { indexedDB: 'IndexedDBAPI', webLocks: 'WebLocksAPI' };
const KEYS = { Enter: Key.ENTER } as const;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` every POLL_MS until it returns a value, for at most `timeout` ms. */
async function poll<T>(attempt: () => Promise<T | undefined>, timeout: number, failure: () => string): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`${failure()} after ${timeout} ms`);
    await sleep(POLL_MS);
  }
}

/** An element that went away or was covered between finding it and acting on it: find it again. */
const isTransient = (error: unknown) =>
  error instanceof webdriverErrors.StaleElementReferenceError ||
  error instanceof webdriverErrors.ElementClickInterceptedError ||
  error instanceof webdriverErrors.ElementNotInteractableError;

/** One WebKitWebDriver process with its one session: a fresh, ephemeral MiniBrowser profile. */
class Session {
  #queue: Promise<unknown> = Promise.resolve();
  #current: string | undefined;

  private constructor(
    readonly driver: WebDriver,
    private readonly process: ChildProcess,
    readonly firstWindow: string,
  ) {
    this.#current = firstWindow;
  }

  static async start(display: Display, without: readonly MissingFeature[]): Promise<Session> {
    const port = await freePort();
    const child = spawn(WEBKIT_DRIVER, [`--port=${port}`], { env: { ...process.env, DISPLAY: display.name }, stdio: 'ignore' });
    const args = ['--automation'];
    if (without.length > 0) args.push(`--features=${without.map((feature) => `-${FEATURE_FLAGS[feature]}`).join(',')}`);
    const capabilities = new Capabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args } });
    try {
      const driver = await withTimeout(
        (async () => {
          // The driver takes a moment to listen; until then the request is refused, not hung.
          await poll(() => fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok || undefined, () => undefined), SESSION_TIMEOUT, () => 'WebKitWebDriver never listened');
          return new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities(capabilities).build();
        })(),
        SESSION_TIMEOUT,
        `no WebKit session in ${SESSION_TIMEOUT} ms (is there an X display?)`,
      );
      await driver.manage().setTimeouts({ script: 30_000, pageLoad: 30_000 });
      // The size of Playwright's default viewport, so layouts match across engines.
      await driver.manage().window().setRect({ width: 1280, height: 720 });
      return new Session(driver, child, await driver.getWindowHandle());
    } catch (error) {
      await stop(child);
      throw error;
    }
  }

  /** Runs `command` after every command queued before it, with `window` (if given) as the current window. */
  run<T>(window: string | undefined, command: (driver: WebDriver) => Promise<T>): Promise<T> {
    const next = this.#queue.then(async () => {
      if (window !== undefined && window !== this.#current) {
        await this.driver.switchTo().window(window);
        this.#current = window;
      }
      return command(this.driver);
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  handles(): Promise<string[]> {
    return this.run(undefined, (driver) => driver.getAllWindowHandles());
  }

  openTab(): Promise<string> {
    return this.run(undefined, async (driver) => {
      await driver.switchTo().newWindow('tab');
      return (this.#current = await driver.getWindowHandle());
    });
  }

  closeWindow(window: string): Promise<void> {
    return this.run(window, async (driver) => {
      await driver.close();
      this.#current = undefined;
    });
  }

  async quit(): Promise<void> {
    await withTimeout(this.driver.quit(), 10_000, 'quit timed out').catch(() => undefined);
    await stop(this.process);
  }
}

function locator(session: Session, window: string, steps: Step[]): Locator {
  const script = <T>(body: string, ...args: unknown[]) =>
    session.run(window, (driver) => driver.executeScript<T>(`${DOM_HELPERS}\n${body}`, steps, ...args));

  /**
   * Waits for the one element ready for `need`, reads `expression` of it (`el`) in the page, and runs `act`
   * on what it read; all again if the element went stale in between.
   */
  const withElement = <V, T = V>(need: 'attached' | 'visible' | 'enabled', expression: string, act = async (value: V) => value as unknown as T, timeout = ACTION_TIMEOUT) => {
    let last: Blocker | string = 'none';
    return poll<{ result: T }>(
      async () => {
        const found = await script<{ value: V } | Blocker>(
          `const b = blocker(arguments[0], arguments[1]); if (b !== null) return b; const el = find(arguments[0])[0]; return { value: ${expression} };`,
          need,
        );
        if (found === 'several') throw new Error(`${JSON.stringify(steps)} matches more than one element`);
        if (typeof found === 'string' || found === null) {
          last = found;
          return undefined;
        }
        try {
          return { result: await session.run(window, () => act(found.value)) };
        } catch (error) {
          if (!isTransient(error)) throw error;
          last = (error as Error).name;
          return undefined;
        }
      },
      timeout,
      () => `no ${need} element for ${JSON.stringify(steps)} (${last})`,
    ).then(({ result }) => result);
  };
  const onElement = (act: (element: WebElement) => Promise<unknown>) => withElement<WebElement, void>('enabled', 'el', async (element) => void (await act(element)));
  const child = (step: Step) => locator(session, window, [...steps, step]);

  return {
    getByTestId: (id) => child({ css: `[data-testid=${JSON.stringify(id)}]` }),
    locator: (css) => child({ css }),
    getByRole: (_role, options) => child({ button: options?.name ?? '' }),
    first: () => child({ first: true }),
    or: (other) => locator(session, window, [{ either: [steps, stepsOf(other)] }]),
    filter: () => child({ visible: true }),
    // Centred first, as Playwright scrolls: with WebKitWebDriver's own scrolling, a button below the fold
    // stayed "not interactable".
    click: () =>
      onElement(async (element) => {
        await session.driver.executeScript("arguments[0].scrollIntoView({ block: 'center', inline: 'center' });", element);
        await element.click();
      }),
    fill: (value) =>
      onElement(async (element) => {
        await element.clear();
        await element.sendKeys(value);
      }),
    press: (key) => onElement((element) => element.sendKeys(KEYS[key])),
    // What Playwright does too: set the value and fire the events a person's choice fires.
    selectOption: (value) =>
      onElement((element) =>
        session.driver.executeScript(
          "const el = arguments[0]; el.value = arguments[1]; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true }));",
          element,
          value,
        ),
      ),
    count: () => script<number>('return find(arguments[0]).length;'),
    textContent: () => withElement<string | null>('attached', 'el.textContent'),
    getAttribute: (name) => withElement<string | null>('attached', `el.getAttribute(${JSON.stringify(name)})`),
    isVisible: async () => {
      const visible = await script<boolean | 'several'>("const els = find(arguments[0]); return els.length > 1 ? 'several' : els.length === 1 && visible(els[0]);");
      if (visible === 'several') throw new Error(`${JSON.stringify(steps)} matches more than one element`);
      return visible;
    },
    isDisabled: () => withElement<boolean>('attached', 'disabled(el)'),
    waitFor: (options) => withElement<true, void>('visible', 'true', async () => undefined, options?.timeout),
    evaluate: <R>(fn: (element: HTMLElement) => R) => withElement<R>('attached', `(${String(fn)})(el)`),
    evaluateAll: (fn) => script(`return (${String(fn)})(find(arguments[0]));`),
    [STEPS]: steps,
  } as Locator;
}

const STEPS = Symbol('steps');
const stepsOf = (other: Locator) => (other as Locator & { [STEPS]: Step[] })[STEPS];

function page(session: Session, window: string): Page {
  const run = <T>(command: (driver: WebDriver) => Promise<T>) => session.run(window, command);
  return {
    goto: (url) => run(async (driver) => void (await driver.get(url))),
    url: () => run((driver) => driver.getCurrentUrl()),
    reload: () => run((driver) => driver.navigate().refresh()),
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, ...arg: [A?]) =>
      run((driver) => driver.executeScript<R>(`return (${String(fn)}).apply(null, arguments);`, ...arg)),
    getByTestId: (id) => locator(session, window, [{ css: `[data-testid=${JSON.stringify(id)}]` }]),
    locator: (css) => locator(session, window, [{ css }]),
    getByRole: (_role, options) => locator(session, window, [{ button: options?.name ?? '' }]),
    keyboard: { press: (key) => run((driver) => driver.actions().sendKeys(KEYS[key]).perform()) },
    async waitForPopup(action) {
      const before = new Set(await session.handles());
      await action();
      const popup = await poll(async () => (await session.handles()).find((handle) => !before.has(handle)), ACTION_TIMEOUT, () => 'no popup opened');
      return page(session, popup);
    },
    bodyText: () => run((driver) => driver.executeScript<string>('return document.body ? document.body.innerText : "";')),
    waitForTimeout: (ms) => sleep(ms),
    setViewportSize: (size) => run((driver) => setViewport(driver, size)),
    isClosed: async () => !(await session.handles()).includes(window),
    close: () => session.closeWindow(window),
  };
}

/**
 * Sizes the window so that its viewport is `size`: WebDriver sets the outer size, so the window's own
 * frame is measured and added.
 * @throws when the window cannot get that small (GTK's minimum) or that large (the X screen).
 */
async function setViewport(driver: WebDriver, size: { width: number; height: number }): Promise<void> {
  const inner = () => driver.executeScript<[number, number]>('return [window.innerWidth, window.innerHeight];');
  await driver.manage().window().setRect(size);
  const [width, height] = await inner();
  await driver.manage().window().setRect({ width: 2 * size.width - width, height: 2 * size.height - height });
  const got = await inner();
  if (got[0] !== size.width || got[1] !== size.height) {
    throw new Error(`WebKit's viewport is ${got.join('x')}, not ${size.width}x${size.height}`);
  }
}

async function engineVersion(display: Display): Promise<string> {
  const { stdout } = await promisify(execFile)(MINIBROWSER, ['--version'], { env: { ...process.env, DISPLAY: display.name }, timeout: 10_000 });
  return stdout.trim().replace(/^WebKitGTK /, '');
}

/** WebKitGTK under a private Xvfb; each context is a new WebKitWebDriver session with an ephemeral profile. */
export async function launchWebKit(): Promise<Browser> {
  const display = await startXvfb();
  const sessions = new Set<Session>();
  try {
    return {
      engine: 'webkit',
      version: await engineVersion(display),
      async newContext(options: ContextOptions = {}): Promise<Context> {
        const session = await Session.start(display, options.without ?? []);
        sessions.add(session);
        let firstUsed = false;
        return {
          async newPage() {
            // The session starts with one empty window: the first page takes it, later ones open tabs.
            const window = firstUsed ? await session.openTab() : session.firstWindow;
            firstUsed = true;
            return page(session, window);
          },
          async close() {
            sessions.delete(session);
            await session.quit();
          },
        };
      },
      async close() {
        await Promise.allSettled([...sessions].map((session) => session.quit()));
        await display.close();
      },
    };
  } catch (error) {
    await display.close();
    throw error;
  }
}
