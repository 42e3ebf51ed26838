// What the window may open. The app is one page: it never navigates, never opens windows of its
// own, and never attaches webviews. A link to the web (http, https, mailto) — e.g. a reference in
// an agreement's text — opens in the user's browser instead; anything else is dropped.

/** A will-navigate / will-redirect to `url`: allowed only as a reload of our own page. */
export function mayNavigate(url: string, currentUrl: string): boolean {
  return url === currentUrl;
}

export type WindowOpenDecision = { action: 'deny'; openExternally?: string };

/** `setWindowOpenHandler`: never a new Electron window; web links go to the system browser. */
export function windowOpenDecision(url: string): WindowOpenDecision {
  return isExternalLink(url) ? { action: 'deny', openExternally: url } : { action: 'deny' };
}

export function isExternalLink(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'mailto:') return true;
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}
