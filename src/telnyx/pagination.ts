import { send } from './http.js';
import type { Context } from './options.js';
import type { Endpoint } from './paths.js';
import { page as readPage } from './response.js';
import type { ListParams, Page, RequestOptions } from './types.js';

function pageParam(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw Object.assign(new TypeError(`"${name}" must be a positive integer`), { code: 'ERR_INVALID_ARG_VALUE' });
  }
  return value;
}

function query(number: number | undefined, size: number | undefined): URLSearchParams {
  const search = new URLSearchParams();
  if (number !== undefined) search.set('page[number]', String(number));
  if (size !== undefined) search.set('page[size]', String(size));
  return search;
}

/** One page of a list endpoint: `page[number]` / `page[size]` in, `{ data, meta }` out. */
export async function listPage<T>(ctx: Context, endpoint: Endpoint, params: ListParams = {}, options?: RequestOptions): Promise<Page<T>> {
  const number = pageParam(params.page?.number, 'page.number');
  const size = pageParam(params.page?.size, 'page.size');
  return readPage<T>(await send(ctx, { endpoint, query: query(number, size) }, options));
}

/**
 * Every item of a list endpoint, fetching page after page (lazily, one request per page) until
 * `meta.total_pages`. Parameters are checked now; the first request waits for the first `next()`.
 */
export function listAll<T>(ctx: Context, endpoint: Endpoint, params: ListParams = {}, options?: RequestOptions): AsyncGenerator<T, void, undefined> {
  const first = pageParam(params.page?.number, 'page.number') ?? 1;
  const size = pageParam(params.page?.size, 'page.size');
  return (async function* pages() {
    for (let number = first; ; number++) {
      const { data, meta } = readPage<T>(await send(ctx, { endpoint, query: query(number, size) }, options));
      yield* data;
      // An empty page ends the walk too: a server whose total_pages is stale must not loop us forever.
      if (number >= meta.total_pages || data.length === 0) return;
    }
  })();
}
