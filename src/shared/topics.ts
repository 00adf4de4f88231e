/**
 * Change topics: the closed set of things that can change under an open window. Handlers and
 * background jobs publish only these; the renderer's query cache refetches every query whose
 * operation depends on a topic that arrives (see readTopics.ts). Browser-safe: core and renderer
 * both import it.
 */
export const TOPICS = [
  /** Bookings: booked, moved, cancelled, checked in, statuses. */
  'appointments',
  /** Provider absences: their proposals, held slots and how far the moves got. */
  'absences',
  /** Backup settings, backups written, verified, pruned or restored. */
  'backups',
  /** Time a provider is busy elsewhere (synced calendars): changes openings and the day view. */
  'busyTime',
  /** Calendar accounts, links, sync health and conflicts. */
  'calendars',
  'callQueue',
  'clinic',
  'eligibility',
  'fees',
  'inbox',
  'insurance',
  'locations',
  'messaging',
  'patients',
  'providers',
  /** Recall types, patients' recall due dates and the outreach sent for them. */
  'recalls',
  'reminders',
  /** Figures measured by a background job (the daily TNAA history). */
  'reports',
  /** Weekly hours, date overrides and time off. */
  'schedules',
  /** Clinic-wide settings (billing identity, clearinghouse, matching weights). */
  'settings',
  /** Staff accounts: created, renamed, roles, deactivated, passwords and PINs. */
  'users',
  'visitTypes',
  /** Waitlist entries, freed slots and the offers sent for them. */
  'waitlist',
] as const;

export type Topic = (typeof TOPICS)[number];

export function isTopic(value: unknown): value is Topic {
  return typeof value === 'string' && (TOPICS as readonly string[]).includes(value);
}
