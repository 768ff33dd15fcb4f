export { createLogin } from './login.js';
export type { ClientRegistration, LoginOptions } from './options.js';
export type { Scope, TelnyxScope } from './scopes.js';
export { completePopupSignIn } from './popup.js';
export { LoginError, isLoginError } from './errors.js';
export type { LoginErrorCode, LoginErrorOptions } from './errors.js';
export type {
  Login,
  LoginEventMap,
  LoginState,
  LoginStatus,
  ServerRevocation,
  SignInOptions,
  SignOutReason,
  SignOutResult,
  UserClaims,
} from './types.js';
