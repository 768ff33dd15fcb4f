// The connected-apps page: the signed-in user's OAuth grants and the OAuth clients, through the typed
// Telnyx module (`telnyx-login/telnyx`) on top of login.fetch, which adds and refreshes the bearer token.
import type { Login } from '../src/index.js';
import {
  createTelnyxClient,
  isAuthenticationError,
  isNotFoundError,
  type OAuthClient,
  type OAuthGrant,
  type Page,
} from '../src/telnyx/index.js';
import { el, formatDate, plural, row } from './dom.js';

export interface ConnectedApps {
  /** Shows the page, loading the grants unless they are loaded or on their way. */
  show(): void;
  /** Forgets everything loaded (signed out, or the page was left). */
  reset(): void;
}

/**
 * @param login the controller whose `fetch` carries the token
 * @param apiBase the Telnyx module's `baseUrl`, e.g. http://localhost:4010/v2
 * @param setError shows a failure in the page's error box (undefined clears it)
 */
export function connectedApps(login: Login, apiBase: string, setError: (error: unknown) => void): ConnectedApps {
  /** The last request the module sent, as the browser saw it: shown so the page says what it asked. */
  let lastCall: { method: string; path: string; status?: number } | undefined;
  const telnyx = createTelnyxClient({
    baseUrl: apiBase,
    fetch: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const path = decodeURIComponent(url.pathname.slice(new URL(apiBase).pathname.replace(/\/$/, '').length) + url.search);
      const call: { method: string; path: string; status?: number } = { method: init?.method ?? 'GET', path };
      lastCall = call;
      const response = await login.fetch(input, init);
      call.status = response.status;
      return response;
    },
  });

  /** The same module without the reporting: its calls are not what the page says it asked. */
  const quiet = createTelnyxClient({ baseUrl: apiBase, fetch: login.fetch });

  let grants: Page<OAuthGrant> | undefined;
  let grantsPage = 1;
  const pageSize = el<HTMLSelectElement>('grants-page-size');
  let clients: Page<OAuthClient> | undefined;
  /** The grant whose Revoke was clicked once: a second click (Confirm) revokes it. */
  let confirming: string | undefined;
  /** Bumped by every grants load and every reset: an answer for an older one is dropped. */
  let generation = 0;
  /** Bumped by every reset: a clients answer from before it is dropped. */
  let epoch = 0;
  /** A load was started since the last reset: showing the page again does not retry a failure by itself. */
  let started = false;
  let loading = false;
  let notice = '';

  const report = (summary: string): void => {
    const result = el('api-result');
    if (lastCall?.status !== undefined) result.dataset.status = String(lastCall.status);
    else delete result.dataset.status;
    const outcome = lastCall ? `${lastCall.method} ${lastCall.path} → ${lastCall.status ?? 'no answer'}` : '';
    result.textContent = [outcome, summary].filter(Boolean).join(', ');
  };

  /** A failed call: a 401 whose session has already ended is said by the signed-out notice instead. */
  const fail = (error: unknown): void => {
    report(error instanceof Error ? error.name : 'failed');
    if (isAuthenticationError(error) && login.state.status !== 'signed-in') return;
    setError(error);
  };

  /** An app's name as its OAuth client says, from the clients list; its client ID until that is loaded. */
  const nameOf = (clientId: string): string => clients?.data.find((client) => client.client_id === clientId)?.name ?? clientId;

  async function loadGrants(number = grantsPage): Promise<void> {
    const mine = ++generation;
    started = true;
    loading = true;
    confirming = undefined;
    render();
    try {
      // The grants name only client IDs: the clients list, loaded once with them, gives each app its name.
      if (!clients) void loadClients();
      const page = await telnyx.oauthGrants.listPage({ page: { number, size: Number(pageSize.value) } });
      if (mine !== generation) return;
      // Revoking the last grant of the last page leaves that page empty: show the one before it.
      if (page.data.length === 0 && number > 1) return void (await loadGrants(Math.max(1, page.meta.total_pages)));
      grants = page;
      grantsPage = number;
      setError(undefined);
      report(plural(page.meta.total_results ?? page.data.length, 'connected app'));
    } catch (error) {
      if (mine !== generation) return;
      grants = undefined;
      fail(error);
    } finally {
      if (mine === generation) loading = false;
      render();
    }
  }

  async function revoke(grant: OAuthGrant): Promise<void> {
    loading = true;
    render();
    try {
      await telnyx.oauthGrants.revoke(grant.id);
      notice = `Revoked ${nameOf(grant.client_id)}: it can no longer use your account.`;
      report('revoked');
    } catch (error) {
      if (!isNotFoundError(error)) {
        loading = false;
        fail(error);
        render();
        return;
      }
      // Revoked elsewhere (another tab, another device) since the list was loaded: the goal is met.
      notice = `${nameOf(grant.client_id)} was already revoked.`;
      report('already revoked');
    }
    // Reload the list: if that was this app's own grant, this call finds the session gone.
    await loadGrants();
  }

  /**
   * Lists the OAuth clients: for the clients table and for the apps' names in the grants table. Loaded with
   * the grants it stays quiet (a failure leaves client IDs, and the grants' own call says what went wrong);
   * from its button it reports like any call.
   */
  async function loadClients(reported = false): Promise<void> {
    const mine = epoch;
    try {
      const page = await (reported ? telnyx : quiet).oauthClients.listPage({ page: { number: 1, size: 50 } });
      if (mine !== epoch) return;
      clients = page;
      if (reported) report(plural(page.meta.total_results ?? page.data.length, 'OAuth client'));
    } catch (error) {
      if (mine === epoch && reported) fail(error);
    } finally {
      render();
    }
  }

  function renderGrants(): void {
    const body = el('grants');
    body.replaceChildren();
    for (const grant of grants?.data ?? []) {
      const name = nameOf(grant.client_id);
      const tr = row('grant', [name, grant.scopes.join(' '), formatDate(grant.created_at), formatDate(grant.last_used_at)]);
      tr.dataset.grantId = grant.id;
      tr.dataset.clientId = grant.client_id;
      if (name !== grant.client_id) {
        const id = Object.assign(document.createElement('code'), { className: 'client-id muted', textContent: grant.client_id });
        tr.cells[0]!.append(id);
      }
      const action = document.createElement('td');
      // Revoking is final for the app: a second click confirms, naming it.
      action.append(
        ...(confirming === grant.id
          ? [button(`Revoke ${name}`, 'confirm-revoke', () => void revoke(grant)), button('Keep', 'keep-grant', () => confirm(undefined))]
          : [button('Revoke', 'revoke-grant', () => confirm(grant.id))]),
      );
      tr.append(action);
      body.append(tr);
    }
    el('grants-empty').hidden = grants === undefined || grants.data.length > 0;
    const meta = grants?.meta;
    const total = meta?.total_pages ?? 1;
    el('grants-meta').textContent = grants
      ? `Page ${grants.meta.page_number ?? grantsPage} of ${total} · ${plural(grants.meta.total_results ?? grants.data.length, 'connected app')}`
      : '';
    el<HTMLButtonElement>('grants-prev').disabled = loading || !meta || grantsPage <= 1;
    el<HTMLButtonElement>('grants-next').disabled = loading || !meta || grantsPage >= total;
    const noticeBox = el('apps-notice');
    noticeBox.hidden = notice === '';
    noticeBox.textContent = notice;
  }

  function button(label: string, testId: string, onClick: () => void): HTMLButtonElement {
    const element = Object.assign(document.createElement('button'), { type: 'button', textContent: label, disabled: loading });
    element.dataset.testid = testId;
    element.addEventListener('click', onClick);
    return element;
  }

  function confirm(grantId: string | undefined): void {
    confirming = grantId;
    render();
  }

  function renderClients(): void {
    const body = el('clients');
    body.replaceChildren();
    for (const client of clients?.data ?? []) {
      const tr = row('client', [client.name, client.client_id, client.client_type, (client.redirect_uris ?? []).join(' ')]);
      tr.dataset.clientId = client.client_id;
      body.append(tr);
    }
    el('clients-table').hidden = clients === undefined;
    el('clients-meta').textContent = clients
      ? `${plural(clients.meta.total_results ?? clients.data.length, 'OAuth client')}${clients.meta.total_pages > 1 ? ` (first ${clients.data.length}, page 1 of ${clients.meta.total_pages})` : ''}`
      : '';
  }

  function render(): void {
    renderGrants();
    renderClients();
  }

  el('load-grants').addEventListener('click', () => {
    notice = '';
    void loadGrants();
  });
  el('grants-prev').addEventListener('click', () => void loadGrants(grantsPage - 1));
  el('grants-next').addEventListener('click', () => void loadGrants(grantsPage + 1));
  el('load-clients').addEventListener('click', () => void loadClients(true));
  pageSize.addEventListener('change', () => void loadGrants(1));

  return {
    show() {
      if (!started) void loadGrants();
      render();
    },
    reset() {
      generation++;
      epoch++;
      started = false;
      grants = undefined;
      grantsPage = 1;
      clients = undefined;
      confirming = undefined;
      loading = false;
      notice = '';
      lastCall = undefined;
      report('');
      render();
    },
  };
}
