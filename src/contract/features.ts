/**
 * An opt-in part of the SDK, given to `createLogin()` in `features`. Only the features an app imports and
 * passes are in its bundle: popup sign-in, RFC 9728 resource discovery and RFC 7591 registration are
 * used by some apps only.
 *
 * @example
 * import { createLogin, dynamicRegistration, popupSignIn, resourceDiscovery } from 'telnyx-login';
 * const login = createLogin({
 *   resource: 'https://api.telnyx.com',
 *   registration: { client_name: 'My app' },
 *   redirectUri: `${location.origin}/callback`,
 *   features: [resourceDiscovery, dynamicRegistration, popupSignIn],
 * });
 */
export interface LoginFeature<Name extends FeatureName = FeatureName> {
  readonly feature: Name;
}

/** The features there are: `popupSignIn`, `resourceDiscovery`, `dynamicRegistration`. */
export type FeatureName = 'popup-sign-in' | 'resource-discovery' | 'dynamic-registration';
