// The app:// scheme that serves the built renderer, instead of file:// (Electron security
// checklist: a custom protocol gives the page a real origin and confines it to one folder). Which
// file a URL reads and which headers it gets are decided by plain functions (appUrl.ts,
// responseHeaders.ts); this file only wires them to Electron.
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { APP_SCHEME, resolveAppFile } from './appUrl.ts';
import { appResponseHeaders } from './responseHeaders.ts';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererDir);
    if (!file) return new Response('Ikke fundet', { status: 404 });
    try {
      const response = await net.fetch(pathToFileURL(file).toString());
      return new Response(response.body, { status: response.status, headers: appResponseHeaders(response.headers) });
    } catch {
      return new Response('Ikke fundet', { status: 404 });
    }
  });
}
