// Whether a sync address would carry the access code unencrypted over a network. ws:// is fine to
// this computer itself (a server or a TLS-terminating proxy on loopback); to anything else the code
// and every change can be read by whoever shares the network, so the settings warn first.

/** The host part of a ws:// or wss:// address, without brackets; null if it is not one. */
export function syncAddressHost(url: string): string | null {
  const match = /^wss?:\/\/(\[[^\]]*\]|[^/:?#]*)/i.exec(url.trim());
  if (!match) return null;
  return match[1].replace(/^\[|\]$/g, '').toLowerCase();
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** True for a ws:// address whose host is not this computer. */
export function isUnencryptedRemote(url: string): boolean {
  const host = syncAddressHost(url);
  return host !== null && /^ws:\/\//i.test(url.trim()) && !isLoopbackHost(host);
}
