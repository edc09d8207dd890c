import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { UiContext } from './UiContext';

/**
 * Whether the Host header names this machine when the server listens on loopback: a page of another site whose
 * host name was re-pointed at 127.0.0.1 (DNS rebinding) must not read the cache through the victim's browser.
 */
export function isAllowedHost(context: UiContext, request: IncomingMessage): boolean {
  if (!context.loopbackOnly) return true;
  const hostname = hostnameOf(request.headers.host);
  return hostname !== undefined && isLoopbackName(hostname);
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

/** Whether a host (name or address) reaches only this machine. */
export function isLoopbackName(hostname: string): boolean {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare.endsWith('.localhost') || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

function hostnameOf(host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
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
