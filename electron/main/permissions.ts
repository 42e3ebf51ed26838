// Browser permissions (camera, notifications, geolocation, clipboard read, …): the app needs none.
// Both Electron hooks — the request handler (a page asks) and the check handler (a page queries,
// e.g. navigator.permissions.query) — answer from this one rule, so the two can never disagree.

/** Permissions granted to our own page; everything else, and anything for another origin, is refused. */
const GRANTED: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionGranted(permission: string, requestingUrl: string, isOwnPage: (url: string) => boolean): boolean {
  return GRANTED.has(permission) && isOwnPage(requestingUrl);
}
