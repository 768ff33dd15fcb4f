import { expect, it, vi } from 'vitest';
import '../../src/button/index.js';

// Its own file: the warning is given once per page, and this page must not have given it yet.
it('tells a React 18 page, whose JSX set "login" as an attribute, to use <LoginButton> instead', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const element = document.createElement('telnyx-login-button');
  element.setAttribute('login', '[object Object]');
  document.body.append(element);
  element.shadowRoot!.querySelector('button')!.click();
  element.shadowRoot!.querySelector('button')!.click();
  await new Promise((resolve) => setTimeout(resolve));
  expect(element.getAttribute('status')).toBe('not-connected');
  expect(warn.mock.calls).toEqual([[expect.stringContaining('use <LoginButton> from telnyx-login/react')]]);
});
