// The button's shadow DOM: its styles and markup, apart from its behaviour.

// Internal custom properties (--_x) read the public ones with a fallback per colour scheme,
// so a page can override a single property without restating the dark defaults.
const STYLE = `
:host{display:inline-flex;align-items:center;gap:var(--telnyx-login-gap,.5em);font:var(--telnyx-login-font,500 14px/1.2 system-ui,sans-serif);vertical-align:middle;
--_bg:var(--telnyx-login-bg,#16161a);--_fg:var(--telnyx-login-fg,#fff);--_bd:var(--telnyx-login-border,transparent);--_err:var(--telnyx-login-error,#c5221f);--_ring:var(--telnyx-login-focus,#3b82f6);--_muted:var(--telnyx-login-muted,#55555c)}
:host([hidden]){display:none}
@media (prefers-color-scheme:dark){:host(:not([theme=light])){--_bg:var(--telnyx-login-bg,#f4f4f6);--_fg:var(--telnyx-login-fg,#16161a);--_err:var(--telnyx-login-error,#ff8a80);--_ring:var(--telnyx-login-focus,#93c5fd);--_muted:var(--telnyx-login-muted,#b4b4bc)}}
:host([theme=dark]){--_bg:var(--telnyx-login-bg,#f4f4f6);--_fg:var(--telnyx-login-fg,#16161a);--_err:var(--telnyx-login-error,#ff8a80);--_ring:var(--telnyx-login-focus,#93c5fd);--_muted:var(--telnyx-login-muted,#b4b4bc)}
[hidden]{display:none!important}
[part=button]{display:inline-flex;align-items:center;gap:.5em;font:inherit;cursor:pointer;color:var(--_fg);background:var(--_bg);border:1px solid var(--_bd);border-radius:var(--telnyx-login-radius,999px);padding:var(--telnyx-login-padding,.55em 1.1em)}
[part=button]:focus-visible{outline:2px solid var(--_ring);outline-offset:2px}
[part=button][aria-disabled=true]{cursor:progress;opacity:.7}
:host([status=not-connected]) [part=button]{cursor:not-allowed}
[part=user]{display:inline-flex;align-items:center;gap:.5em;color:inherit}
[part=avatar]{width:var(--telnyx-login-avatar-size,1.75em);height:var(--telnyx-login-avatar-size,1.75em);border-radius:50%;object-fit:cover}
[part=error]{color:var(--_err)}
[part=spinner]{width:.9em;height:.9em;border:2px solid currentColor;border-right-color:transparent;border-radius:50%;animation:s .8s linear infinite}
@keyframes s{to{transform:rotate(1turn)}}
@media (prefers-reduced-motion:reduce){[part=spinner]{animation-duration:3s}}
`;

// The one <button> is never replaced or disabled, only relabelled, so keyboard focus survives every state.
export const TEMPLATE = `<style>${STYLE}</style><span part="user" hidden><img part="avatar" alt="" referrerpolicy="no-referrer" hidden><span part="name"></span></span><span part="error" id="e" role="alert" hidden></span><button part="button" type="button"><span part="spinner" aria-hidden="true" hidden></span><span part="label"></span></button>`;
