// Debian's Chromium through playwright-core, with the flags the e2e harness uses.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** @param {string} executablePath */
export function launchChromium(executablePath) {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
}
