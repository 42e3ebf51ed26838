// The address a client connects from, for per-address limits and log lines. Behind a reverse proxy
// every socket comes from the proxy; when the peer is one of `trustedProxies`, the address is the
// last hop the proxy added to X-Forwarded-For (the only entry a client cannot forge: it may send
// its own header, which the proxy appends to). Otherwise the header is ignored.
import { isIP } from 'node:net';
import type http from 'node:http';

export function clientAddress(request: http.IncomingMessage, trustedProxies: readonly string[]): string {
  const peer = request.socket.remoteAddress ?? '?';
  if (!trustedProxies.includes(peer)) return peer;
  const header = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((h) => h.trim());
  const last = hops[hops.length - 1];
  return last && isIP(last) ? last : peer;
}
