// IMF-fixdate, the HTTP-date senders generate (RFC 9110 §5.6.7) and the one form of date every engine's
// Date.parse must read (it is what toUTCString writes). Checked first: Date.parse alone reads "1.5" and
// "Mon 5" as dates in V8.
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/;

/**
 * `Retry-After` in whole seconds, or `undefined` when it is absent or is not one of its two forms.
 *
 * delay-seconds is `1*DIGIT` and nothing else, so `"-1"`, `"1.5"`, `"1e3"`, `""` and `" 5"` are not delays:
 * they are ignored, not guessed at, and the caller backs off as if none was sent. (Whitespace around a
 * field is not part of its value, and fetch's `Headers` have taken it off already.) An HTTP-date is read
 * in its IMF-fixdate form; one in the past means 0: retry now. The obsolete rfc850 and asctime forms are
 * ignored like any other unreadable value: nobody sends them, and reading them is not worth the bytes.
 *
 * @param now - epoch milliseconds an HTTP-date is counted from.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const date = IMF_FIXDATE.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
