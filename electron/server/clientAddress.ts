// Whom a connection comes from, for the per-address limits and log lines. Behind a reverse proxy
// that terminates TLS (README: nginx) every connection comes from the proxy, 127.0.0.1: one
// address for all participants, so 64 sockets or ten wrong tokens from anyone would shut everyone
// out. With `trustProxy` the server takes the address the proxy appended to X-Forwarded-For — but
// only from a loopback peer (the proxy on this machine), so nobody else can name their own address.
import type http from 'node:http';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
/** An IPv4 or IPv6 literal, short enough to be one. */
const ADDRESS = /^[0-9A-Fa-f:.]{2,45}$/;

export function clientAddress(request: http.IncomingMessage, trustProxy: boolean): string {
  const peer = request.socket.remoteAddress ?? '?';
  if (!trustProxy || !LOOPBACK.test(peer)) return peer;
  const header = request.headers['x-forwarded-for'];
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  // The proxy appends the address it saw last; anything before it the client may have written.
  const last = value.split(',').map((part) => part.trim()).filter(Boolean).at(-1);
  return last && ADDRESS.test(last) ? last : peer;
}
