import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { UiContext } from './UiContext';

/**
 * Whether the Host header names this server (see `HostCheck`): a page of another site whose host name was
 * re-pointed at this machine (DNS rebinding) must not read the cache through the victim's browser.
 */
export function isAllowedHost(context: UiContext, request: IncomingMessage): boolean {
  return context.hostCheck.allows(request.headers.host);
}

/**
 * Whether a form post comes from a page of this server, so another site cannot make a browser post it: the
 * per-server token must be in the form, and the browser's own verdict must agree: `Sec-Fetch-Site` where sent
 * (it holds behind a reverse proxy too), else an `Origin` naming the host the request was sent to.
 */
export function isSameOriginPost(context: UiContext, request: IncomingMessage, form: URLSearchParams): boolean {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  if (site !== undefined) {
    if (site !== 'same-origin') return false;
  } else if (origin !== undefined && hostOf(origin) !== request.headers.host?.toLowerCase()) {
    return false;
  }
  return tokensEqual(form.get('token') ?? '', context.formToken);
}

/** `host:port` of an origin (`https://cache.example.com` → `cache.example.com`), `undefined` for `null`. */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/** Whether a secret sent by the client is the expected one, in a time that does not tell how much of it matched. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}
