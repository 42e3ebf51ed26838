// The browser test host answers only its own page. Without this check any page the browser had
// open — on any origin — could open ws://127.0.0.1:<port>/api and call listAgreements (or anything
// else) through it; and a DNS name rebound to 127.0.0.1 could reach it under a foreign Host.
// A WebSocket upgrade is served only when its Host is this host's own address (or localhost, at
// this port) and its Origin is the page this host serves under that Host; a page or file is served
// only under such a Host.
import type { IncomingHttpHeaders } from 'node:http';

/** The Host header values this host answers to, when it listens on `address`:`port`. */
export function ownHosts(address: string, port: number): string[] {
  const literal = address.includes(':') ? `[${address}]` : address;
  const loopback = address === '127.0.0.1' || address === '::1' || address === 'localhost';
  return [...new Set([`${literal}:${port}`, ...(loopback ? [`localhost:${port}`, `127.0.0.1:${port}`] : [])])];
}

/** Null if the request comes from our own page; else why it is refused (for the log and the test). */
export function foreignRequest(headers: IncomingHttpHeaders, hosts: string[]): string | null {
  const host = headers.host?.toLowerCase();
  if (!host || !hosts.includes(host)) return `fremmed Host ${JSON.stringify(headers.host ?? null)}`;
  const origin = headers.origin;
  if (origin !== `http://${host}`) return `fremmed Origin ${JSON.stringify(origin ?? null)}`;
  return null;
}
