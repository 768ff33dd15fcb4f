// The entry point of `telnyx-login/button`: importing it defines <telnyx-login-button>.
import { TAG_NAME, TelnyxLoginButton, type LoginButtonErrorDetail, type LoginButtonSignedOutDetail } from './element.js';

export { TAG_NAME, TelnyxLoginButton } from './element.js';
export type { LoginButtonErrorDetail, LoginButtonSignedOutDetail, LoginButtonView } from './element.js';

if (typeof customElements !== 'undefined' && !customElements.get(TAG_NAME)) {
  customElements.define(TAG_NAME, TelnyxLoginButton);
}

declare global {
  interface HTMLElementTagNameMap {
    'telnyx-login-button': TelnyxLoginButton;
  }
  interface HTMLElementEventMap {
    'telnyx-login-error': CustomEvent<LoginButtonErrorDetail>;
    'telnyx-login-signed-out': CustomEvent<LoginButtonSignedOutDetail>;
  }
}
