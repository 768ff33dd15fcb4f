import type { Login, LoginError, LoginState, SignInOptions, SignOutResult } from '../index.js';
import { httpUrl, stringClaim } from './claims.js';
import { TEMPLATE } from './template.js';

/** The tag name `telnyx-login/button` registers. */
export const TAG_NAME = 'telnyx-login-button';

// Importing this module on a server (SSR) must not throw: there is no HTMLElement there to extend.
const Base: typeof HTMLElement = typeof HTMLElement === 'undefined' ? (class {} as typeof HTMLElement) : HTMLElement;



/**
 * What the element shows; reflected on the host as the `status` attribute for outside styling.
 * `not-connected`: no controller is set (see the console), so the button does nothing.
 */
export type LoginButtonView = 'not-connected' | 'loading' | 'signed-out' | 'signing-in' | 'signed-in' | 'error';

let warned = false;

/** Tells the developer, once per page, why a button does nothing: it has no controller. */
function warnNotConnected(element: HTMLElement): void {
  if (warned) return;
  warned = true;
  const hint = element.hasAttribute('login')
    ? 'its "login" attribute cannot carry one (React 18 sets unknown props as attributes): use <LoginButton> from telnyx-login/react'
    : 'set its "login" property to what createLogin() returns (if createLogin() threw, its TypeError names the option to fix)';
  console.warn(`<${TAG_NAME}> has no login controller, so it does nothing: ${hint}.`);
}

/** Detail of the `telnyx-login-error` event. */
export interface LoginButtonErrorDetail {
  error: LoginError | Error;
}

/** Detail of the `telnyx-login-signed-out` event: what the sign-out did at the server. */
export interface LoginButtonSignedOutDetail {
  result: SignOutResult;
}

/**
 * `<telnyx-login-button>`: a sign-in / sign-out button bound to a login controller.
 *
 * Set the controller with the `login` property. Attributes:
 * - `return-to`: where to come back to after sign-in (default: the current URL).
 * - `scope`: sent as the `scope` authorization parameter (`signIn({ extraParams: { scope } })`).
 * - `popup`: sign in through a popup instead of a redirect.
 * - `sign-in-label`, `sign-out-label`, `retry-label`: button texts (default: "Sign in", "Sign out", "Try again").
 * - `user-name`: who is signed in, as the app knows it. Servers without OpenID Connect (Telnyx) issue no ID
 *   token, so the button has no name of its own to show (default: the ID token's `name`, `preferred_username`
 *   or `email`, else `signed-in-label`).
 * - `signed-in-label`: shown beside "Sign out" when no name is known (default: "Signed in").
 * - `theme`: `light` or `dark` to force a colour scheme (default: follows `prefers-color-scheme`).
 *
 * Reflects `status` (a {@link LoginButtonView}) and `busy` on itself; styleable through `::part(button | label |
 * spinner | user | avatar | name | error)` and the `--telnyx-login-*` custom properties (`bg`, `fg`, `border`,
 * `radius`, `font`, `padding`, `gap`, `focus`, `error`, `muted`, `avatar-size`).
 * Dispatches `telnyx-login-error` (bubbling, composed, `detail: { error }`) when a click's sign-in or sign-out fails,
 * and `telnyx-login-signed-out` (`detail: { result }`) when its sign-out is done, saying what happened at the
 * server (`result.revocation` is `unsupported` on Telnyx, which keeps the grant).
 *
 * @example
 * import 'telnyx-login/button';
 * document.querySelector('telnyx-login-button').login = login;
 * // <telnyx-login-button return-to="/settings"></telnyx-login-button>
 */
export class TelnyxLoginButton extends Base {
  static readonly observedAttributes = ['sign-in-label', 'sign-out-label', 'retry-label', 'user-name', 'signed-in-label'];

  #login: Login | undefined;
  #unsubscribe: (() => void) | undefined;
  #pending = false;
  #clickError: Error | undefined;
  readonly #root: ShadowRoot;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.innerHTML = TEMPLATE;
    this.#part('button').addEventListener('click', () => void this.#onClick());
    this.#part<HTMLImageElement>('avatar').addEventListener('error', (event) => {
      (event.currentTarget as HTMLElement).hidden = true;
    });
  }

  /** The login controller the button reflects and drives. */
  get login(): Login | undefined {
    return this.#login;
  }

  set login(login: Login | undefined) {
    if (login === this.#login) return;
    if (login != null && (typeof login !== 'object' || typeof login.subscribe !== 'function')) {
      throw new TypeError('"login" must be a login controller from createLogin()');
    }
    this.#unbind();
    this.#login = login ?? undefined;
    this.#clickError = undefined;
    if (this.isConnected) this.#bind();
    this.#render();
  }

  connectedCallback(): void {
    // A framework (or a script) may have set `login` before this module defined the element;
    // that own property hides the accessor until it is moved onto it.
    if (Object.hasOwn(this, 'login')) {
      const login = (this as { login?: Login }).login;
      delete (this as { login?: Login }).login;
      this.login = login;
    }
    this.#bind();
    this.#render();
    // A script usually sets `login` right after the element connects; one still without it once the page
    // has loaded will never have one.
    if (!this.#login) afterLoad(() => this.isConnected && !this.#login && warnNotConnected(this));
  }

  disconnectedCallback(): void {
    this.#unbind();
  }

  attributeChangedCallback(): void {
    this.#render();
  }

  #bind(): void {
    if (this.#login && !this.#unsubscribe) this.#unsubscribe = this.#login.subscribe(() => this.#render());
  }

  #unbind(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #part<T extends HTMLElement = HTMLElement>(name: string): T {
    return this.#root.querySelector(`[part=${name}]`) as T;
  }

  #view(state: LoginState | undefined): LoginButtonView {
    if (!state) return 'not-connected';
    if (state.status === 'signed-out' && (state.error || this.#clickError)) return 'error';
    return state.status;
  }

  async #onClick(): Promise<void> {
    const login = this.#login;
    const view = this.#view(login?.state);
    if (!login) return warnNotConnected(this);
    if (this.#pending || view === 'loading' || view === 'signing-in') return;
    this.#pending = true;
    this.#clickError = undefined;
    this.#render();
    try {
      if (view === 'signed-in') this.#dispatch<LoginButtonSignedOutDetail>('telnyx-login-signed-out', { result: await login.signOut() });
      else await login.signIn(this.#signInOptions());
    } catch (error) {
      this.#clickError = error instanceof Error ? error : new Error(String(error));
      this.#dispatch<LoginButtonErrorDetail>('telnyx-login-error', { error: this.#clickError });
    } finally {
      this.#pending = false;
      // The redirect may still be leaving the page; rendering now is harmless either way.
      this.#render();
    }
  }

  #dispatch<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { bubbles: true, composed: true, detail }));
  }

  #signInOptions(): SignInOptions {
    const options: SignInOptions = {};
    const returnTo = this.getAttribute('return-to');
    const scope = this.getAttribute('scope');
    if (returnTo !== null) options.returnTo = returnTo;
    if (scope !== null) options.extraParams = { scope };
    if (this.hasAttribute('popup')) options.popup = true;
    return options;
  }

  #render(): void {
    const state = this.#login?.state;
    const view = this.#view(state);
    const busy = this.#pending || view === 'loading' || view === 'signing-in' || state?.refreshing === true;
    const signedIn = view === 'signed-in';
    const user = signedIn ? state?.user : undefined;
    // A failed sign-out leaves the session in place: its error shows beside "Sign out", which is the retry.
    const error = this.#clickError ?? (view === 'error' ? state?.error : undefined);

    const button = this.#part('button');
    const label =
      view === 'signed-in'
        ? this.getAttribute('sign-out-label') ?? 'Sign out'
        : view === 'error'
          ? this.getAttribute('retry-label') ?? 'Try again'
          : this.getAttribute('sign-in-label') ?? 'Sign in';
    this.#part('label').textContent = label;
    this.#part('spinner').hidden = !busy;
    button.setAttribute('aria-busy', String(busy));
    button.setAttribute('aria-disabled', String(busy || view === 'not-connected'));
    if (error) button.setAttribute('aria-describedby', 'e');
    else button.removeAttribute('aria-describedby');

    const errorPart = this.#part('error');
    errorPart.hidden = !error;
    errorPart.textContent = error?.message ?? '';

    const claimed = user ? stringClaim(user.name) ?? stringClaim(user.preferred_username) ?? stringClaim(user.email) : undefined;
    const name = stringClaim(this.getAttribute('user-name')) ?? claimed ?? this.getAttribute('signed-in-label') ?? 'Signed in';
    const picture = user ? httpUrl(user.picture) : undefined;
    this.#part('user').hidden = !signedIn;
    this.#part('name').textContent = signedIn ? name : '';
    const avatar = this.#part<HTMLImageElement>('avatar');
    if (picture) {
      if (avatar.getAttribute('src') !== picture) avatar.src = picture;
      avatar.hidden = false;
    } else {
      avatar.removeAttribute('src');
      avatar.hidden = true;
    }

    if (this.isConnected) {
      if (this.getAttribute('status') !== view) this.setAttribute('status', view);
      this.toggleAttribute('busy', busy);
    }
  }
}

/** Runs `fn` in a task after the page's load event (at once if it has fired). */
function afterLoad(fn: () => void): void {
  if (document.readyState === 'complete') setTimeout(fn);
  else window.addEventListener('load', () => setTimeout(fn), { once: true });
}
