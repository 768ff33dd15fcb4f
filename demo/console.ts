// The developer console: the user's OAuth clients, created, edited and deleted through the typed Telnyx
// module (`telnyx-login/telnyx`): POST, GET, PUT and DELETE /v2/oauth_clients, over login.fetch.
import type { Login } from '../src/index.js';
import { createTelnyxClient, isNotFoundError, type OAuthClient } from '../src/telnyx/index.js';
import { el, plural, row } from './dom.js';

export interface DeveloperConsole {
  show(): void;
  reset(): void;
}

const lines = (text: string) => text.split(/\s+/).filter(Boolean);

/**
 * @param login the controller whose `fetch` carries the token
 * @param apiBase the Telnyx module's `baseUrl`, e.g. http://localhost:4010/v2
 * @param setError shows a failure in the page's error box (undefined clears it)
 */
export function developerConsole(login: Login, apiBase: string, setError: (error: unknown) => void): DeveloperConsole {
  const telnyx = createTelnyxClient({ baseUrl: apiBase, fetch: login.fetch });
  let clients: OAuthClient[] | undefined;
  let editing: string | undefined;
  /** The client whose Delete was clicked once: a second click (Confirm) deletes it. */
  let confirming: string | undefined;
  let started = false;
  let epoch = 0;

  const say = (text: string) => {
    el('console-result').textContent = text;
  };

  /** Runs one API call; its failure goes to the error box, its success clears it. */
  async function run(what: string, call: () => Promise<void>): Promise<void> {
    const mine = epoch;
    try {
      await call();
      if (mine !== epoch) return;
      setError(undefined);
      say(what);
    } catch (error) {
      if (mine === epoch) setError(error);
    }
  }

  const load = () =>
    run('Loaded', async () => {
      started = true;
      const all: OAuthClient[] = [];
      for await (const client of telnyx.oauthClients.list({ page: { size: 100 } })) all.push(client);
      clients = all;
      render();
    });

  function render(): void {
    el('console-meta').textContent = clients ? plural(clients.length, 'OAuth client') : '';
    el('console-clients').replaceChildren(
      ...(clients ?? []).map((client) => {
        const tr = row('console-client', [client.name, client.client_id, client.client_type, (client.allowed_scopes ?? []).join(' ')]);
        tr.dataset.clientId = client.client_id;
        const actions = document.createElement('td');
        actions.append(
          ...(confirming === client.client_id
            ? [button(`Delete ${client.name}`, 'confirm-delete', () => void remove(client)), button('Keep', 'keep-client', () => confirm(undefined))]
            : [button('Edit', 'edit-client', () => startEdit(client)), button('Delete', 'delete-client', () => confirm(client.client_id))]),
        );
        tr.append(actions);
        return tr;
      }),
    );
  }

  function button(label: string, testId: string, onClick: () => void): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.dataset.testid = testId;
    b.addEventListener('click', onClick);
    return b;
  }

  function confirm(clientId: string | undefined): void {
    confirming = clientId;
    say(clientId ? 'Apps using this client can no longer sign in once it is deleted.' : '');
    render();
  }

  function startEdit(client: OAuthClient): void {
    editing = client.client_id;
    el<HTMLInputElement>('client-name').value = client.name;
    el<HTMLTextAreaElement>('client-redirects').value = (client.redirect_uris ?? []).join('\n');
    el<HTMLInputElement>('client-scopes').value = (client.allowed_scopes ?? []).join(' ');
    el('client-submit').textContent = `Save ${client.name}`;
    el<HTMLInputElement>('client-name').focus();
  }

  function clearForm(): void {
    editing = undefined;
    el<HTMLFormElement>('client-form').reset();
    el('client-submit').textContent = 'Create client';
  }

  async function remove(client: OAuthClient): Promise<void> {
    confirming = undefined;
    await run(`Deleted ${client.name}`, async () => {
      try {
        await telnyx.oauthClients.delete(client.client_id);
      } catch (error) {
        if (!isNotFoundError(error)) throw error; // deleted elsewhere meanwhile: the goal is met
      }
      if (editing === client.client_id) clearForm();
      await load();
    });
  }

  el('client-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = el<HTMLInputElement>('client-name').value.trim();
    const redirect_uris = lines(el<HTMLTextAreaElement>('client-redirects').value);
    const allowed_scopes = lines(el<HTMLInputElement>('client-scopes').value);
    const id = editing;
    void run(id ? `Saved ${name}` : `Created ${name}`, async () => {
      if (id) await telnyx.oauthClients.update(id, { name, redirect_uris, allowed_scopes });
      else await telnyx.oauthClients.create({ name, redirect_uris, allowed_scopes, client_type: 'public', allowed_grant_types: ['authorization_code', 'refresh_token'], require_pkce: true });
      clearForm();
      await load();
    });
  });
  el('client-cancel').addEventListener('click', clearForm);
  el('load-console').addEventListener('click', () => void load());

  return {
    show() {
      if (!started) void load();
      render();
    },
    reset() {
      epoch++;
      started = false;
      clients = undefined;
      confirming = undefined;
      clearForm();
      say('');
      render();
    },
  };
}
