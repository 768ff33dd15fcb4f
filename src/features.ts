// The opt-in features, apart from the modules that implement them: an app that passes none bundles none,
// and the public declarations name only the LoginFeature type.
import { completePopupSignIn, openPopup, waitForPopup, type PopupSignIn } from './browser/popup.js';
import type { LoginFeature } from './contract/features.js';
import { clientIsGone, forgetClient, registeredClientId, type DynamicRegistration } from './protocol/registration.js';
import { discoverIssuer, type ResourceDiscovery } from './protocol/resource.js';

/**
 * Popup sign-in, for `signIn({ popup: true })` (and the button's `popup` attribute): the sign-in runs in a
 * popup and the page stays. Pass it in `features`.
 */
export const popupSignIn: LoginFeature<'popup-sign-in'> = /* @__PURE__ */ Object.freeze<PopupSignIn>({ feature: 'popup-sign-in', open: openPopup, wait: waitForPopup, complete: completePopupSignIn });

/**
 * RFC 9728 discovery: with it, `createLogin({ resource })` needs no `issuer`, and finds the authorization
 * server the API names. Pass it in `features`.
 * @see https://www.rfc-editor.org/rfc/rfc9728
 */
export const resourceDiscovery: LoginFeature<'resource-discovery'> = /* @__PURE__ */ Object.freeze<ResourceDiscovery>({ feature: 'resource-discovery', discoverIssuer });

/**
 * RFC 7591 registration: with it, `createLogin({ registration })` needs no `clientId`, and registers a
 * public client on the first sign-in. Pass it in `features`.
 * @see https://www.rfc-editor.org/rfc/rfc7591
 */
export const dynamicRegistration: LoginFeature<'dynamic-registration'> = /* @__PURE__ */ Object.freeze<DynamicRegistration>({
  feature: 'dynamic-registration',
  registeredClientId,
  clientIsGone,
  forgetClient,
});
