/**
 * The one Content Security Policy of ClinicDesk: the HTTP host sends it as a header, the desktop
 * app's session adds it to every response (src/main/security.ts), and src/renderer/index.html
 * repeats it in a meta tag (without frame-ancestors, which a meta tag cannot carry); a test keeps
 * the three equal. MUI's emotion writes <style> elements, hence style-src 'unsafe-inline';
 * scripts come only from our bundle.
 */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
] as const;

export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.join('; ');
