/** What one tab tells the others. Tokens never travel on the channel: tabs re-read them from storage. */
export type SyncMessage = { type: 'signed-in' } | { type: 'signed-out' } | { type: 'refreshed' };

/** One tab's end of the channel; a no-op where BroadcastChannel is missing. */
export interface Channel {
  post(message: SyncMessage): void;
  close(): void;
}

/**
 * A BroadcastChannel shared by every tab of the same app and session store. Where BroadcastChannel does
 * not exist, tabs still converge through storage the next time they need a token.
 */
export function openChannel(name: string, onMessage: (message: SyncMessage) => void): Channel {
  if (typeof BroadcastChannel !== 'function') return { post() {}, close() {} };
  const channel = new BroadcastChannel(name);
  channel.onmessage = (event: MessageEvent<SyncMessage>) => {
    const type = (event.data as { type?: unknown } | null)?.type;
    if (type === 'signed-in' || type === 'signed-out' || type === 'refreshed') onMessage({ type });
  };
  return {
    post: (message) => channel.postMessage(message),
    close: () => channel.close(),
  };
}
