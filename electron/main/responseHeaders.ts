// Headers of every app:// response: the renderer's CSP (with frame-ancestors) and no MIME sniffing.
import { CONTENT_SECURITY_POLICY_HEADER } from '../../shared/security/contentSecurityPolicy.ts';

export function appResponseHeaders(from: Headers): Headers {
  const headers = new Headers(from);
  headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY_HEADER);
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  return headers;
}
