// The app:// origin the renderer is served from, and the decisions about its URLs: which URL is
// ours, and which file inside the renderer folder an app:// request may read. Plain functions (no
// Electron import) so that Node tests feed them the exact strings Chromium hands the shell.
//
// Node's WHATWG URL treats `app:` as a non-special scheme: `new URL('app://enighed/x').origin` is
// the string "null", never "app://enighed". So the scheme and host are compared, never `.origin`.
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'enighed';
/** What the window loads; the page's own origin as Chromium spells it. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** Is `url` a page or asset of our own app:// origin (no credentials, no port)? */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * The file an app:// request reads: a path inside `rendererRoot`, or null (served as 404) for
 * anything that is not ours, escapes the folder (`..`, encoded or not), or is malformed.
 */
export function resolveAppFile(url: string, rendererRoot: string): string | null {
  if (!isAppUrl(url)) return null;
  const root = path.resolve(rendererRoot);
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null; // a lone '%' or an invalid UTF-8 escape
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  return file.startsWith(root + path.sep) ? file : null;
}
