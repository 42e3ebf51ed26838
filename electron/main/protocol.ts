// The app:// scheme that serves the built renderer, instead of file:// (Electron security
// checklist: a custom protocol gives the page a real origin and confines it to one folder).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://enighed';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(root, relative);
    if (url.host !== 'enighed' || !file.startsWith(root + path.sep)) {
      return new Response('Ikke fundet', { status: 404 });
    }
    const response = await net.fetch(pathToFileURL(file).toString());
    // The page's meta CSP covers the rest; frame-ancestors only works as a header.
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', "frame-ancestors 'none'");
    return new Response(response.body, { status: response.status, headers });
  });
}
