/**
 * GET /ics/<token>.ics: a provider's read-only feed (calsync/service/feeds.ts builds the text).
 * Reached through a public URL, so it skips the Host check and authenticates by the token itself.
 */
import type { ClinicDb } from '../../db/open';
import { FEED_PREFIX, feedProviderOf, providerFeedText } from '../../calsync/service/feeds';
import type { ExtraRoute } from '../http';

/** GET /ics/<token>.ics — reached through a public URL, so it authenticates by the token itself. */
export function icsFeedRoute(deps: { db: ClinicDb; clock: () => number }): ExtraRoute {
  return {
    prefix: FEED_PREFIX,
    anyHost: true,
    handle(req, res, url) {
      const notFound = () => {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Not found\n');
      };
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
        res.end('Only GET\n');
        return;
      }
      const name = url.pathname.slice(FEED_PREFIX.length);
      const token = name.endsWith('.ics') ? name.slice(0, -4) : '';
      const providerId = feedProviderOf(deps.db, token);
      if (providerId === null) return notFound();
      const body = providerFeedText(deps.db, { providerId, now: deps.clock() });
      res.writeHead(200, {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': 'inline; filename="clinic.ics"',
        // The token is the credential: keep copies out of shared caches.
        'cache-control': 'private, max-age=300',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  };
}
