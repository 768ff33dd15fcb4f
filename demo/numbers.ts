// The phone-numbers page: one ordinary Telnyx resource (GET /v2/phone_numbers, needs numbers.read), called
// two ways over the same session: login.fetch directly, and the official `telnyx` npm client with
// login.fetch as its fetch (the client never sees the token; login.fetch adds and refreshes it).
import type Telnyx from 'telnyx';
import type { Login } from '../src/index.js';
import { el, plural, row } from './dom.js';

interface PhoneNumber {
  id: string;
  phone_number: string;
  status?: string;
  connection_name?: string | null;
}
interface NumbersPage {
  data: PhoneNumber[];
  meta: { page_number: number; total_pages: number; total_results: number };
}

export type NumbersClient = 'fetch' | 'telnyx';

export interface PhoneNumbers {
  show(): void;
  reset(): void;
}

/**
 * @param login the controller whose `fetch` carries the token
 * @param apiBase the API base, e.g. http://localhost:4010/v2
 * @param setError shows a failure in the page's error box (undefined clears it)
 */
export function phoneNumbers(login: Login, apiBase: string, setError: (error: unknown) => void): PhoneNumbers {
  let official: Telnyx | undefined;
  let shown: NumbersPage | undefined;
  let number = 1;
  let generation = 0;
  let started = false;

  async function viaFetch(page: number): Promise<NumbersPage> {
    const response = await login.fetch(`${apiBase}/phone_numbers?page[number]=${page}&page[size]=20`);
    el('numbers-result').dataset.status = String(response.status);
    if (!response.ok) throw new Error(`GET /v2/phone_numbers answered ${response.status}: ${await apiDetail(response)}`);
    return (await response.json()) as NumbersPage;
  }

  async function viaTelnyx(page: number): Promise<NumbersPage> {
    // Loaded on first use: the official client is large, and the user's choice.
    const { default: TelnyxClient } = await import('telnyx');
    // apiKey null: no API key in a browser; login.fetch adds `Authorization: Bearer <access token>`.
    official ??= new TelnyxClient({ apiKey: null, baseURL: apiBase, fetch: login.fetch, maxRetries: 0 });
    const result = await official.phoneNumbers.list({ 'page[number]': page, 'page[size]': 20 });
    el('numbers-result').dataset.status = '200';
    return {
      data: result.data.map((n) => ({ id: n.id ?? '', phone_number: n.phone_number ?? '', status: n.status, connection_name: n.connection_name })),
      meta: { page_number: result.meta.page_number ?? page, total_pages: result.meta.total_pages ?? 1, total_results: (result.meta as { total_results?: number }).total_results ?? result.data.length },
    };
  }

  async function load(page: number): Promise<void> {
    const mine = ++generation;
    started = true;
    const client = el<HTMLSelectElement>('numbers-client').value as NumbersClient;
    el('numbers-result').textContent = 'Loading…';
    try {
      const result = await (client === 'telnyx' ? viaTelnyx(page) : viaFetch(page));
      if (mine !== generation) return;
      shown = result;
      number = page;
      setError(undefined);
      el('numbers-result').textContent = `${client === 'telnyx' ? 'telnyx client' : 'login.fetch'}: ${plural(result.meta.total_results, 'number')}`;
    } catch (error) {
      if (mine !== generation) return;
      shown = undefined;
      const status = (error as { status?: unknown }).status;
      if (typeof status === 'number') el('numbers-result').dataset.status = String(status);
      el('numbers-result').textContent = 'failed';
      setError(error);
    }
    render();
  }

  function render(): void {
    const body = el('numbers');
    body.replaceChildren(...(shown?.data ?? []).map((n) => row('number', [n.phone_number, n.status ?? '—', n.connection_name ?? '—'])));
    const meta = shown?.meta;
    el('numbers-meta').textContent = meta ? `Page ${meta.page_number} of ${meta.total_pages}` : '';
    el<HTMLButtonElement>('numbers-prev').disabled = !meta || number <= 1;
    el<HTMLButtonElement>('numbers-next').disabled = !meta || number >= meta.total_pages;
  }

  el('load-numbers').addEventListener('click', () => void load(1));
  el('numbers-client').addEventListener('change', () => void load(1));
  el('numbers-prev').addEventListener('click', () => void load(number - 1));
  el('numbers-next').addEventListener('click', () => void load(number + 1));

  return {
    show() {
      if (!started) void load(1);
      render();
    },
    reset() {
      generation++;
      started = false;
      shown = undefined;
      number = 1;
      el('numbers-result').textContent = '';
      delete el('numbers-result').dataset.status;
      render();
    },
  };
}

/** The first Telnyx error's detail, for the message (never the token: the API does not echo it). */
async function apiDetail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { errors?: { detail?: string; title?: string }[] };
    return body.errors?.[0]?.detail ?? body.errors?.[0]?.title ?? response.statusText;
  } catch {
    return response.statusText;
  }
}
