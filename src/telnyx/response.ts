import {
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TelnyxApiError,
  UnprocessableEntityError,
  type TelnyxApiErrorOptions,
  type TelnyxErrorDetail,
} from './errors.js';
import type { Page } from './types.js';
import { isRecord } from '../shared/records.js';

/** A response with its body read: parsed JSON, the raw text when it was not JSON, `undefined` when empty. */
export interface Reply {
  readonly response: Response;
  readonly body: unknown;
  /** `METHOD /path/{template}`, for messages; never the expanded path, which can hold a consent token. */
  readonly call: string;
}

type Json = Record<string, unknown>;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  // Telnyx error codes are strings ("10015"), but a number is the same code.
  return typeof value === 'number' ? String(value) : undefined;
}

/** Copies only the keys that carry a value, so details compare and print cleanly. */
function defined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

function detail(entry: Json): TelnyxErrorDetail {
  const source = isRecord(entry.source)
    ? defined({ pointer: text(entry.source.pointer), parameter: text(entry.source.parameter) })
    : undefined;
  return defined({
    code: text(entry.code),
    title: text(entry.title),
    detail: text(entry.detail),
    source,
    meta: isRecord(entry.meta) ? entry.meta : undefined,
  });
}

function invalid(reply: Reply, expected: string): TelnyxApiError {
  const { response, body } = reply;
  return new TelnyxApiError(
    `${reply.call} answered ${response.status} with ${expected} missing`,
    { status: response.status, headers: response.headers, body },
    'invalid_response',
  );
}

/** Reads the body once. Non-JSON text from a success status is an `invalid_response` (a wrong `baseUrl`). */
export async function readReply(response: Response, call: string): Promise<Reply> {
  const raw = await response.text();
  if (raw === '') return { response, body: undefined, call };
  try {
    return { response, body: JSON.parse(raw) as unknown, call };
  } catch (cause) {
    const reply = { response, body: raw, call };
    if (!response.ok) return reply;
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new TelnyxApiError(`${call} answered ${response.status} with ${type}, not JSON; is "baseUrl" right?`,
      { status: response.status, headers: response.headers, body: raw, cause }, 'invalid_response');
  }
}

/** The error for a non-2xx reply: a subclass for the statuses callers handle, the base class otherwise. */
export function apiError(reply: Reply, retryAfter?: number): TelnyxApiError {
  const { response, body } = reply;
  const json = isRecord(body) ? body : {};
  const errors = Array.isArray(json.errors) ? json.errors.filter(isRecord).map(detail) : [];
  const options: TelnyxApiErrorOptions = {
    status: response.status,
    errors,
    error: text(json.error),
    errorDescription: text(json.error_description),
    headers: response.headers,
    body,
  };
  const first = errors[0];
  // The server's own words when it gave some; the status otherwise.
  const message = first?.detail ?? first?.title ?? options.errorDescription ?? options.error ??
    `${reply.call} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  switch (response.status) {
    case 401: return new AuthenticationError(message, options);
    case 403: return new PermissionDeniedError(message, options);
    case 404: return new NotFoundError(message, options);
    case 422: return new UnprocessableEntityError(message, options);
    case 429: return new RateLimitError(message, { ...options, retryAfter });
    default: return new TelnyxApiError(message, options);
  }
}

/** The body as a JSON object (the OAuth endpoints answer flat objects). */
export function object<T>(reply: Reply): T {
  if (!isRecord(reply.body)) throw invalid(reply, 'a JSON object');
  return reply.body as T;
}

/** The resource inside Telnyx's `{ "data": { ... } }` envelope. */
export function data<T>(reply: Reply): T {
  const body = reply.body;
  if (!isRecord(body) || !isRecord(body.data)) throw invalid(reply, '"data"');
  return body.data as T;
}

/** A list page: `data` an array, `meta.total_pages` a number. */
export function page<T>(reply: Reply): Page<T> {
  const body = reply.body;
  if (!isRecord(body) || !Array.isArray(body.data)) throw invalid(reply, '"data" array');
  if (!isRecord(body.meta) || typeof body.meta.total_pages !== 'number') throw invalid(reply, '"meta.total_pages"');
  return body as unknown as Page<T>;
}
