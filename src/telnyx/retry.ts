import type { Context } from './options.js';

/**
 * `Retry-After` in seconds, from either form the header takes, or `undefined` when absent or unreadable.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // Every HTTP-date form names a month; without one, Date.parse would read "-1" as a year.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  // A date in the past means "now", not a negative wait.
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * How long to wait before retry number `attempt` (0-based) after a 429, or `undefined` to stop retrying.
 * The server's `Retry-After` wins; without it, exponential backoff with full jitter.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function retryDelay(attempt: number, retryAfter: number | undefined, retry: Context['retry']): number | undefined {
  if (attempt >= retry.retries) return undefined;
  if (retryAfter !== undefined) {
    const ms = retryAfter * 1000;
    // Waiting less than the server asked only earns another 429, so give up instead.
    return ms > retry.maxDelay ? undefined : ms;
  }
  return Math.random() * Math.min(retry.maxDelay, retry.baseDelay * 2 ** attempt);
}
