import { isArgumentError, LoginError } from '../contract/errors.js';
import { missingFeature } from '../contract/normalize.js';
import type { SignInOptions } from '../contract/types.js';
import { checkSignIn, startSignIn } from '../protocol/authorize.js';
import { withoutResponseParams } from '../protocol/callback.js';
import { completeSignIn, type CallbackResult } from './callback.js';
import { toLoginError } from '../protocol/http.js';
import type { Binding } from './binding.js';
import type { Core } from './core.js';
import { dropPending, savePending } from './pending.js';
import { storeSignIn } from './tokens.js';

/** The two halves of a sign-in: starting it (redirect or popup), and the callback that completes it. */
export function signInFlows(core: Core, ready: () => Promise<unknown>) {
  const { options, view, stores, bindings } = core;

  /**
   * After a sign-in that failed, by redirect or by popup: a registered client the server refused is
   * forgotten, so the next sign-in registers again. Its pending sign-in is consumed already, or dropped by
   * the caller; nobody else's is touched.
   */
  const abandon = async (bound: Binding, error: LoginError): Promise<void> => {
    if (error.code === 'invalid_client') await bindings.forget(bound);
  };

  const finish = async (bound: Binding, result: CallbackResult): Promise<void> => {
    await storeSignIn(bound.session, result.tokens);
    bound.channel.post();
    await core.show(bound, {});
  };

  /** Completes the sign-in whose response is in the address bar, and takes the response out of it. */
  const handleCallback = async (url: URL): Promise<void> => {
    view.setState({ status: 'signing-in' });
    const bound = await bindings.known();
    try {
      if (!bound) throw new LoginError('no_pending_sign_in', 'Sign-in failed: no sign-in was started in this browser');
      const result = await completeSignIn(await bindings.metadata(bound.options.issuer), bound.options, bound.session, url);
      await finish(bound, result);
      options.env.replaceUrl(result.returnTo);
    } catch (cause) {
      const error = stores.blame(toLoginError(cause, 'Sign-in'));
      if (bound) await abandon(bound, error);
      options.env.replaceUrl(withoutResponseParams(url).href);
      // A replayed callback (StrictMode's second effect, back button) must not end a session that works,
      // nor show an error beside it.
      const beside = error.code === 'no_pending_sign_in' ? undefined : error;
      await core.show(bound, { quiet: true, error: beside, orElse: { status: 'signed-out', error } });
    }
  };

  const signIn = async (signInOptions: SignInOptions = {}): Promise<void> => {
    const popups = options.features.popup;
    if (signInOptions.popup && !popups) throw missingFeature('signIn({ popup: true })', 'popupSignIn');
    // Before any await: a popup opened later than the click is blocked.
    const popup = signInOptions.popup ? popups!.open(options.env) : undefined;
    await ready();
    const previous = view.state;
    view.setState({ status: 'signing-in' });
    let started: { bound: Binding; state: string } | undefined;
    try {
      // Refused before any request, so nothing (metadata, a registration) is stored for a sign-in that cannot start.
      checkSignIn(signInOptions, options.env.href());
      const bound = await bindings.forSignIn();
      const as = await bindings.metadata(bound.options.issuer);
      const { url, pending } = await startSignIn(as, bound.options, signInOptions, options.env.href());
      // Stored beside other tabs' sign-ins, under its state, before the page leaves.
      await savePending(bound.session, pending);
      started = { bound, state: pending.state };
      if (!popup) {
        if (stores.failure) {
          throw new LoginError('storage_unavailable', 'Sign-in by redirect needs IndexedDB, which this browser refuses here (a private window, blocked site data): sign in with a popup', {
            cause: stores.failure.cause,
          });
        }
        return options.navigate(url.href);
      }
      popup.location.href = url.href;
      const callback = await popups!.wait(popup, options.redirectUri.origin, options.env);
      await finish(bound, await completeSignIn(as, bound.options, bound.session, callback));
    } catch (cause) {
      popup?.close();
      if (isArgumentError(cause)) {
        view.setState(previous);
        throw cause;
      }
      const error = toLoginError(cause, 'Sign-in');
      if (started) {
        // Only this sign-in's own pending sign-in goes: another tab's may be under way.
        await dropPending(started.bound.session, started.state, options.env.now());
        await abandon(started.bound, error);
      }
      view.showError(error);
      throw error;
    }
  };

  return { handleCallback, signIn };
}
