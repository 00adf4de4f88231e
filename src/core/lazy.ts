/**
 * Loads a package the first time it is used, not when the app starts. The integrations (Twilio,
 * SMTP, Google, CalDAV) and the ZIP table weigh ~130 MB and ~1.5 s of start-up together, and a
 * clinic that sends no texts or has no calendar connected should pay for neither. `require` (not
 * `import()`) so that synchronous call sites (TwiML, ZIP distances) stay synchronous; every one
 * of these packages ships a CommonJS entry.
 */
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/** `const twilio = lazyPackage<typeof import('twilio')>('twilio')`, then `twilio().twiml`. */
export function lazyPackage<T>(name: string): () => T {
  let loaded: { module: T } | undefined;
  return () => (loaded ??= { module: requireHere(name) as T }).module;
}
