import type { LoginEnvironment } from './environment.js';

/** One tab's end of the channel; a no-op where BroadcastChannel is missing. */
export interface Channel {
  /** Tells the other tabs that the session in storage changed. */
  post(): void;
  close(): void;
}

/** The channel of a controller that has none: disposed, or where BroadcastChannel is missing. */
export const noChannel: Channel = { post() {}, close() {} };

/**
 * A BroadcastChannel shared by every tab of the same app and session store. A message carries nothing, not
 * even what happened: every tab re-reads storage, the one place the session lives. Any page of this origin
 * can post here, and a message that is not ours costs a read and changes nothing. Where BroadcastChannel
 * does not exist, tabs still converge through storage the next time they need a token.
 */
export function openChannel(name: string, onChange: () => void, env: LoginEnvironment): Channel {
  const channel = env.channel(name);
  if (!channel) return noChannel;
  channel.onmessage = () => onChange();
  let closed = false;
  return {
    // A closed BroadcastChannel throws on postMessage; a binding replaced mid-call (a client registered
    // anew) may still post its last change.
    post: () => {
      if (!closed) channel.postMessage('changed');
    },
    close: () => {
      closed = true;
      channel.close();
    },
  };
}
