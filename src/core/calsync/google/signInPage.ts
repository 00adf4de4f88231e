/**
 * Which addresses may reach a browser during Google sign-in: Google's consent page, or the
 * configured stand-in's on 127.0.0.1 (tests). Pure; checked by the sign-in operation and again by
 * Electron's main process before shell.openExternal.
 */
/** google-auth-library's consent page: the only address Electron hands to the system browser. */
export const GOOGLE_SIGN_IN_PAGE = 'https://accounts.google.com/o/oauth2/v2/auth';

/** "123456789012-abc123def.apps.googleusercontent.com": the shape Google gives every OAuth client. */
export const GOOGLE_CLIENT_ID = /^[a-z0-9][a-z0-9-]*\.apps\.googleusercontent\.com$/i;

function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

export function isLoopbackUrl(raw: string): boolean {
  const u = parseUrl(raw);
  return (
    u !== null &&
    (u.protocol === 'http:' || u.protocol === 'https:') &&
    u.hostname === '127.0.0.1' &&
    !u.username &&
    !u.password
  );
}

/**
 * True for Google's consent page (https, accounts.google.com, no port, no user:password@), or the
 * configured test sign-in page on 127.0.0.1. Checked before any address reaches a browser.
 */
export function isGoogleSignInPage(raw: string, testAuthUrl?: string): boolean {
  const u = parseUrl(raw);
  if (!u || u.username || u.password) return false;
  if (testAuthUrl && isLoopbackUrl(testAuthUrl)) {
    const t = new URL(testAuthUrl);
    if (u.origin === t.origin && u.pathname === t.pathname) return true;
  }
  const google = new URL(GOOGLE_SIGN_IN_PAGE);
  return u.protocol === 'https:' && u.host === google.host && u.pathname === google.pathname;
}
