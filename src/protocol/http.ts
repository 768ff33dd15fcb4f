import * as oauth from 'oauth4webapi';
import { LoginError, type LoginErrorCode } from '../contract/errors.js';
import { clockSkew } from '../browser/environment.js';
import { isArgumentError } from '../shared/arguments.js';
import type { BoundOptions, NormalizedOptions } from '../contract/normalize.js';
import { describeUrl, usesAllowedScheme } from '../shared/urls.js';

/**
 * The injected fetch, for every request to an authorization server or for metadata: a URL that is not
 * `https:` (or `http:` to a loopback host, with `allowInsecureLoopback`) is refused before anything is
 * sent. oauth4webapi's `allowInsecureRequests`, needed for a loopback issuer, lets http: go to any host.
 * @throws {LoginError} `discovery_failed` for a refused URL: every URL that reaches here came from metadata.
 */
export function secureFetch(options: NormalizedOptions): (url: string, init?: RequestInit) => Promise<Response> {
  return async (url, init) => {
    const target = new URL(url);
    if (!usesAllowedScheme(target, options.allowInsecure)) {
      throw new LoginError('discovery_failed', `Refused a request to ${describeUrl(target)}: only https: is allowed (plain http: only to a loopback host, with "allowInsecureLoopback")`);
    }
    return options.fetch(url, init);
  };
}

/**
 * A signal that aborts after `ms` with a `TimeoutError`, as `AbortSignal.timeout` does. Not that one:
 * Safari has it only from 16 (the SDK runs on 15.4), and it runs on a clock of its own, where every other
 * wait of the SDK (backoff, lease, refresh ahead) is a setTimeout on the page's, which tests can fake.
 */
export function timeoutSignal(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')), ms);
  return controller.signal;
}

/** What every oauth4webapi request gets from our options: the checked fetch, http for loopback, a timeout. */
export function requestOptions(options: NormalizedOptions) {
  return {
    [oauth.customFetch]: secureFetch(options),
    [oauth.allowInsecureRequests]: options.allowInsecure,
    signal: timeoutSignal(options.timeout),
  };
}

/**
 * {@link requestOptions} for the token endpoint: the RFC 8707 `resource` goes on the code exchange and on
 * every refresh alike, or the tokens would be minted for another audience than the one authorized.
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2.2
 */
export function tokenRequestOptions(options: NormalizedOptions) {
  return {
    ...requestOptions(options),
    additionalParameters: options.resource === undefined ? undefined : { resource: options.resource },
  };
}

// How far the browser's clock may be off the server's when an ID token's "exp" is checked. The token comes
// straight from the token endpoint (and, at sign-in, carries our fresh nonce), so "exp" adds little there,
// while a laptop clock minutes off is common: 15 minutes keeps a 10-minute skew working with short-lived ID tokens.
const CLOCK_TOLERANCE = 15 * 60;

/**
 * The public client as oauth4webapi sees it. Its ID token checks read the same clock as the rest of the
 * SDK: `clockSkew` is how far the environment's clock is from `Date.now()` (0 unless one was passed).
 */
export function oauthClient(options: BoundOptions): oauth.Client {
  return { client_id: options.clientId, [oauth.clockTolerance]: CLOCK_TOLERANCE, [oauth.clockSkew]: clockSkew(options.env) };
}

function statusOf(err: { cause?: unknown }): number | undefined {
  return err.cause instanceof Response ? err.cause.status : undefined;
}

function codeForServerError(error: string, status: number): LoginErrorCode {
  if (error === 'invalid_grant' || error === 'invalid_scope') return error;
  if (error === 'invalid_client' || error === 'unauthorized_client') return 'invalid_client';
  if (error === 'server_error' || error === 'temporarily_unavailable' || status >= 500) return 'server_error';
  return 'authorization_error';
}

/**
 * Turns whatever a request or oauth4webapi threw into a {@link LoginError}, keeping the original as `cause`.
 * Argument errors (`ERR_INVALID_ARG_*`) are programming mistakes and pass through untouched.
 */
export function toLoginError(err: unknown, what: string): LoginError {
  if (err instanceof LoginError) return err;
  if (err instanceof oauth.ResponseBodyError) {
    return new LoginError(codeForServerError(err.error, err.status), `${what}: ${err.error_description ?? err.error}`, {
      error: err.error,
      errorDescription: err.error_description,
      status: err.status,
      cause: err,
    });
  }
  if (err instanceof oauth.WWWAuthenticateChallengeError) {
    const error = err.cause[0]?.parameters.error;
    return new LoginError(error ? codeForServerError(error, err.status) : 'invalid_client', `${what}: the server refused the client`, {
      error,
      errorDescription: err.cause[0]?.parameters.error_description,
      status: err.status,
      cause: err,
    });
  }
  if (err instanceof oauth.OperationProcessingError) {
    const status = statusOf(err);
    if (status !== undefined && status >= 500) {
      return new LoginError('server_error', `${what}: the server answered ${status}`, { status, cause: err });
    }
    return new LoginError('invalid_response', `${what}: ${err.message}`, { status, cause: err });
  }
  if (err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return new LoginError('timeout', `${what}: no answer in time`, { cause: err });
  }
  if (isArgumentError(err)) throw err;
  if (err instanceof TypeError) {
    // fetch rejects with a bare TypeError for every network failure (offline, DNS, CORS).
    return new LoginError('network', `${what}: the network request failed`, { cause: err });
  }
  return new LoginError('invalid_response', `${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}
