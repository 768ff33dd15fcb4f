// Child processes the WebKit driver needs (an X server, WebKitWebDriver), each bounded in time and killed
// by the pid it was started with.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { Readable } from 'node:stream';

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Rejects with `message` after `ms`, unless `promise` settles first. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Ends a child process and waits for it, escalating to SIGKILL if it ignores SIGTERM. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await withTimeout(exited, 5_000, 'no exit').catch(() => child.kill('SIGKILL'));
}

export interface Display {
  /** The DISPLAY value, such as `:3`. */
  name: string;
  close(): Promise<void>;
}

/**
 * A private X server: MiniBrowser has no headless mode, and WebKitWebDriver's new-session request hangs
 * forever when MiniBrowser cannot open a display. `-displayfd` lets Xvfb pick a free display number.
 */
export async function startXvfb(): Promise<Display> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1920x1200x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const fd = xvfb.stdio[3] as Readable;
  try {
    const [data] = await withTimeout(
      Promise.race([once(fd, 'data'), once(xvfb, 'exit').then(() => Promise.reject(new Error('Xvfb exited')))]),
      10_000,
      'Xvfb did not start in 10 s',
    );
    return { name: `:${String(data).trim()}`, close: () => stop(xvfb) };
  } catch (error) {
    await stop(xvfb);
    throw error;
  }
}
