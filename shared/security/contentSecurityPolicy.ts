// The renderer's Content-Security-Policy, written once: the build puts it in index.html's meta tag
// (vite.config.ts) and the Electron shell also sends it as a header on every app:// response, with
// frame-ancestors, which only works as a header. Nothing inline, nothing remote, no eval.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/** The header form: the same policy, plus what a meta tag cannot say. */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
