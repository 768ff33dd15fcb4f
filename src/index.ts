export { createLogin } from './login.js';
export type { ClientRegistration, LoginOptions } from './contract/options.js';
export type { Store } from './contract/store.js';
export type { Scope, TelnyxScope } from './contract/scopes.js';
export { completePopupSignIn } from './browser/popup.js';
export { dynamicRegistration, popupSignIn, resourceDiscovery } from './features.js';
export type { FeatureName, LoginFeature } from './contract/features.js';
export type { LoginEnvironment } from './browser/environment.js';
export { LoginError, isLoginError } from './contract/errors.js';
export type { LoginErrorCode, LoginErrorOptions } from './contract/errors.js';
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
} from './contract/types.js';
