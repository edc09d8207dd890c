import type { ServerResponse } from 'node:http';
import { layout } from './layout';
import type { Reply } from './Reply';

// Pages are self-contained HTML: no script, image, frame or font may load, forms post only here, and no other
// site may frame them (the invalidate button must not be clickjacked). Not `no-referrer`: with it Chromium sends
// `Origin: null` on our own form posts, which the same-origin check then refuses.
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** Writes a reply: a page in the layout, or a 303 redirect (the answer to a form post). */
export function sendReply(response: ServerResponse, reply: Reply): void {
  if (reply.kind === 'redirect') {
    response.writeHead(303, { ...SECURITY_HEADERS, Location: reply.location, 'Content-Length': '0' });
    response.end();
    return;
  }
  const body = Buffer.from(layout(reply.title, reply.body).markup, 'utf8');
  response.writeHead(reply.status, {
    ...SECURITY_HEADERS,
    ...reply.headers,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(body.byteLength),
  });
  response.end(body);
}
