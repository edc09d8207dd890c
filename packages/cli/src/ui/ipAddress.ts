import { BlockList, isIP } from 'node:net';

// Loopback is decided on the parsed address, never its spelling: `127.1`, `::ffff:127.0.0.1` and
// `0:0:0:0:0:0:0:1` are loopback too.
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * One spelling per address: `127.1`, `0x7f.0.0.1`, `::ffff:127.0.0.1` and `[::ffff:7f00:1]` all become
 * `127.0.0.1`; `0:0:0:0:0:0:0:1` becomes `::1`. `undefined` for a text that is no IP address (a host name).
 * Brackets around an IPv6 address are accepted, as a `Host` header writes them.
 */
export function canonicalAddress(text: string): string | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1');
  // The WHATWG URL parser knows every IPv4 form browsers accept (`127.1`, hexadecimal parts) and shortens IPv6.
  let hostname: string;
  try {
    hostname = new URL(`http://${isIP(bare) === 6 ? `[${bare}]` : bare}/`).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return undefined;
  }
  if (isIP(hostname) === 0) return undefined;
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(hostname);
  if (mapped === null) return hostname;
  const [high, low] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** Whether an address (canonical or not) reaches only this machine. */
export function isLoopbackAddress(address: string): boolean {
  const canonical = canonicalAddress(address);
  return canonical !== undefined && LOOPBACK.check(canonical, isIP(canonical) === 6 ? 'ipv6' : 'ipv4');
}

/** Whether listening on the address means listening on every interface (`0.0.0.0`, `::`). */
export function isWildcardAddress(address: string): boolean {
  const canonical = canonicalAddress(address);
  return canonical === '0.0.0.0' || canonical === '::';
}
