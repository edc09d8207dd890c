import { networkInterfaces } from 'node:os';
import { canonicalAddress, isLoopbackAddress, isWildcardAddress } from './ipAddress';

/** Where the server listens, as the host check needs it. */
export interface ListeningAddress {
  /** `--host` as given: an IP address in any spelling, or a host name. */
  readonly host: string;
  /** The address the socket is bound to (`server.address().address`). */
  readonly boundAddress: string;
  readonly port: number;
  /** Further host names the UI is reached by (`--allowed-host`), e.g. a reverse proxy's or a LAN name. */
  readonly allowedHosts: readonly string[];
}

// A Host header is a name or an IPv4 address, or an IPv6 address in brackets, and an optional port; anything
// else (user info, a path, spaces) is refused before parsing.
const HOST_HEADER = /^(?:[a-z0-9._-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;
/** The port of a Host header `HOST_HEADER` accepts (after the bracketed IPv6 address, if any). */
const PORT_OF_HOST = /(?:^[^:[]*|\]):(\d{1,5})$/;

/**
 * Which `Host` values the UI answers: a page of another site whose name was re-pointed at this machine (DNS
 * rebinding) sends its own name, and is refused, whatever address the server listens on. Accepted: the address
 * listened on, as an IP literal in any spelling (on a wildcard bind, any address of this machine); `localhost`
 * when listening on loopback or a wildcard; the `--host` name; the `--allowed-host` names. With the server's port
 * or none.
 */
export class HostCheck {
  private readonly bound: string;
  private readonly names: ReadonlySet<string>;
  private readonly addresses: ReadonlySet<string>;
  /** Whether other machines can reach the server (a wildcard or another interface's address). */
  readonly reachableFromNetwork: boolean;
  private readonly wildcard: boolean;

  constructor(private readonly listening: ListeningAddress) {
    this.bound = canonicalAddress(listening.boundAddress) ?? listening.boundAddress;
    this.wildcard = isWildcardAddress(this.bound);
    const loopback = isLoopbackAddress(this.bound);
    this.reachableFromNetwork = !loopback;
    const names: string[] = [];
    const addresses: string[] = [];
    for (const host of [...listening.allowedHosts, listening.host]) {
      const address = canonicalAddress(host);
      if (address === undefined) names.push(host.toLowerCase());
      else addresses.push(address);
    }
    if (loopback || this.wildcard) names.push('localhost');
    this.names = new Set(names);
    this.addresses = new Set(addresses);
  }

  /** Whether a request with this `Host` header is meant for this server. */
  allows(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined || !HOST_HEADER.test(hostHeader)) return false;
    let url: URL;
    try {
      url = new URL(`http://${hostHeader}/`);
    } catch {
      return false;
    }
    // The port as sent: the URL parser drops 80, which would let `localhost:80` through to a server on another port.
    const port = PORT_OF_HOST.exec(hostHeader)?.[1];
    if (port !== undefined && Number(port) !== this.listening.port) return false;
    const address = canonicalAddress(url.hostname);
    if (address === undefined) return this.allowsName(url.hostname);
    if (address === this.bound || this.addresses.has(address)) return true;
    return this.wildcard && localAddresses().has(address);
  }

  private allowsName(hostname: string): boolean {
    if (this.names.has(hostname)) return true;
    // Browsers resolve every *.localhost name to loopback themselves: no DNS answer can re-point one.
    return this.names.has('localhost') && hostname.endsWith('.localhost');
  }
}

/** This machine's addresses now (interfaces come and go), canonical. */
function localAddresses(): Set<string> {
  const addresses = new Set<string>();
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      const canonical = canonicalAddress(entry.address.replace(/%.*$/, ''));
      if (canonical !== undefined) addresses.add(canonical);
    }
  }
  return addresses;
}
