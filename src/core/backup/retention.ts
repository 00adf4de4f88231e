/**
 * Which backups to keep: the newest of each of the last 7 days that have one, of the last 4
 * weeks (ISO weeks), and of the last 12 months, in the clinic's zone (grandfather-father-son).
 * A backup that is the newest of its day and of its month counts for both. Pure: the list and
 * the zone are given.
 */
import { DateTime } from 'luxon';

export const RETENTION = { daily: 7, weekly: 4, monthly: 12 } as const;

export function backupsToKeep(
  backups: readonly { id: number; startedMs: number }[],
  zone: string,
  retention: { daily: number; weekly: number; monthly: number } = RETENTION,
): Set<number> {
  const newestFirst = [...backups].sort((a, b) => b.startedMs - a.startedMs || b.id - a.id);
  const keep = new Set<number>();
  const pick = (bucket: (t: DateTime) => string, count: number) => {
    const seen = new Set<string>();
    for (const b of newestFirst) {
      const k = bucket(DateTime.fromMillis(b.startedMs, { zone }));
      if (seen.has(k)) continue;
      if (seen.size >= count) break;
      seen.add(k);
      keep.add(b.id);
    }
  };
  pick((t) => t.toISODate()!, retention.daily);
  pick((t) => `${t.weekYear}-W${t.weekNumber}`, retention.weekly);
  pick((t) => t.toFormat('yyyy-MM'), retention.monthly);
  return keep;
}
