import { createContext, useCallback, useContext, useMemo, useSyncExternalStore } from 'react';
import type { DetailedHTMLProps, HTMLAttributes, ReactNode } from 'react';
import type { TelnyxLoginButton } from '../button/index.js';
import type { Login, LoginState, SignInOptions, SignOutResult } from '../index.js';

const LoginContext = createContext<Login | null>(null);

/** Props of {@link LoginProvider}. */
export interface LoginProviderProps {
  /** The controller from `createLogin()`, created once outside React (module scope). */
  login: Login;
  children?: ReactNode;
}

/**
 * Makes a login controller available to {@link useLogin} below it.
 *
 * The provider only reads the controller: the callback (`?code=...`) is handled by `createLogin()` itself,
 * once, so StrictMode's double mount and any re-render never cause a second code exchange.
 *
 * @example
 * const login = createLogin({ issuer, clientId, redirectUri }); // module scope, not in a component
 * createRoot(el).render(<LoginProvider login={login}><App /></LoginProvider>);
 */
export function LoginProvider({ login, children }: LoginProviderProps): ReactNode {
  if (login == null || typeof login.subscribe !== 'function') {
    throw new TypeError('"login" must be a login controller from createLogin()');
  }
  // `.Provider` rather than `<LoginContext>` so React 18 (the oldest peer we accept) works too.
  return <LoginContext.Provider value={login}>{children}</LoginContext.Provider>;
}

/** What {@link useLogin} returns. Actions are stable for a given controller; `state` changes with it. */
export interface UseLogin {
  /** The controller's current state; the component re-renders on every change. */
  state: LoginState;
  signIn: (options?: SignInOptions) => Promise<void>;
  signOut: () => Promise<SignOutResult>;
  getAccessToken: () => Promise<string>;
  fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** The controller itself, for `on()` and `ready`. */
  login: Login;
}

/**
 * The login state and actions from the nearest {@link LoginProvider}, built on `useSyncExternalStore`.
 *
 * @throws {TypeError} when there is no `LoginProvider` above the component.
 * @example
 * function Account() {
 *   const { state, signIn, signOut } = useLogin();
 *   if (state.status === 'signed-in') return <button onClick={() => signOut()}>Sign out {state.user?.name}</button>;
 *   return <button disabled={state.status !== 'signed-out'} onClick={() => signIn()}>Sign in</button>;
 * }
 */
export function useLogin(): UseLogin {
  const login = useContext(LoginContext);
  if (login === null) throw new TypeError('useLogin() must be called inside a <LoginProvider>');
  const subscribe = useCallback((onChange: () => void) => login.subscribe(onChange), [login]);
  const getState = useCallback(() => login.state, [login]);
  // The server snapshot is the same read: state is plain data, and on a server it is `loading`.
  const state = useSyncExternalStore(subscribe, getState, getState);
  const actions = useMemo(
    () => ({
      signIn: (options?: SignInOptions) => login.signIn(options),
      signOut: () => login.signOut(),
      getAccessToken: () => login.getAccessToken(),
      fetch: (input: RequestInfo | URL, init?: RequestInit) => login.fetch(input, init),
      login,
    }),
    [login],
  );
  return useMemo(() => ({ state, ...actions }), [state, actions]);
}

/** Props of {@link LoginButton}: the element's attributes, and the controller. */
export interface LoginButtonProps extends Omit<TelnyxLoginButtonProps, 'login' | 'ref'> {
  /** The controller. @default the nearest {@link LoginProvider}'s */
  login?: Login | undefined;
}

/**
 * `<telnyx-login-button>` for React 18 and 19: the controller is set as a property (React 18 would set
 * `login={login}` on the element as the attribute `"[object Object]"`), and `popup={false}` leaves the
 * attribute out (React 18 would write `popup="false"`, which still counts as present). The element must be
 * defined: `import 'telnyx-login/button'` once.
 *
 * @throws {TypeError} with neither a `login` prop nor a `LoginProvider` above it.
 * @example
 * import 'telnyx-login/button';
 * <LoginProvider login={login}><LoginButton return-to="/settings" /></LoginProvider>
 */
export function LoginButton({ login, popup, ...attributes }: LoginButtonProps): ReactNode {
  const provided = useContext(LoginContext);
  const controller = login ?? provided;
  if (controller === null) throw new TypeError('<LoginButton> needs a "login" prop or a <LoginProvider> above it');
  const bind = useCallback((element: TelnyxLoginButton | null) => {
    if (element) element.login = controller;
  }, [controller]);
  return <telnyx-login-button ref={bind} {...attributes} {...(popup ? { popup: true } : {})} />;
}

/**
 * JSX props of `<telnyx-login-button>`. React 19 sets `login` as a property and the rest as attributes;
 * React 18 sets everything as attributes, so use {@link LoginButton} there.
 */
export interface TelnyxLoginButtonProps
  extends DetailedHTMLProps<HTMLAttributes<TelnyxLoginButton>, TelnyxLoginButton> {
  login?: Login | undefined;
  'return-to'?: string | undefined;
  scope?: string | undefined;
  popup?: boolean | undefined;
  'sign-in-label'?: string | undefined;
  'sign-out-label'?: string | undefined;
  'retry-label'?: string | undefined;
  /** Who is signed in, as the app knows it (no ID token on servers without OpenID, such as Telnyx). */
  'user-name'?: string | undefined;
  'signed-in-label'?: string | undefined;
  theme?: 'light' | 'dark' | undefined;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'telnyx-login-button': TelnyxLoginButtonProps;
    }
  }
}
