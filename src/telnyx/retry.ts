import type { Context } from './options.js';

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
