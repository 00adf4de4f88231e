/**
 * The provider-neutral port every calendar account adapter (Google today, CalDAV next) implements.
 * The sync engine above it stores, per calendar, an opaque `cursor` and a list of busy instants per
 * remote event id; it never sees a provider's wire format, and an adapter never sees the database.
 *
 * Times are epoch milliseconds (UTC), like everywhere in core.
 */

/** One calendar of a connected account, as the provider lists it. */
export interface RemoteCalendar {
  id: string;
  /** The name the provider shows ("Dr. Patel", "Family"). */
  name: string;
  /** True for the account's main calendar (Google's "primary"). */
  primary: boolean;
  /** False when the account may only read it; such a calendar cannot receive appointments. */
  writable: boolean;
  /** The calendar's own IANA zone, when the provider says. */
  timeZone: string | null;
}

/** One concrete busy stretch, already expanded from any recurrence. */
export interface BusyInstant {
  startMs: number;
  endMs: number;
  /** A whole-day event (vacation, conference): its bounds are local midnights in the clinic zone. */
  allDay: boolean;
}

/**
 * What changed for one remote event (for a recurring series: the whole series, whose busy list
 * holds every occurrence inside the sync window with its moved and cancelled occurrences applied).
 */
export type RemoteEventChange =
  | {
      kind: 'upsert';
      remoteId: string;
      etag: string;
      /**
       * The event's instants in the window. For one of the clinic's own events
       * (`clinicAppointmentId` set) they say where the provider's copy sits and are never busy time;
       * transparent and cancelled events never block time either.
       */
      busy: BusyInstant[];
      /** Marked "free" / "show as available": listed, but never busy time. */
      transparent: boolean;
      /** Present but cancelled (CalDAV STATUS:CANCELLED); never busy time. */
      cancelled: boolean;
      /**
       * Set when this event is one ClinicDesk itself wrote for an appointment. It comes back in the
       * busy feed of the same calendar and must not block the slot of the appointment it mirrors.
       */
      clinicAppointmentId: string | null;
    }
  | { kind: 'delete'; remoteId: string };

export interface PullChangesInput {
  calendarId: string;
  /** The `nextCursor` of the previous pull, or null for a first (full) sync. */
  cursor: string | null;
  /** Recurring events are expanded into busy instants inside [windowStartMs, windowEndMs). */
  windowStartMs: number;
  windowEndMs: number;
}

export interface PullChangesResult {
  changes: RemoteEventChange[];
  /** Store it and pass it to the next pull. Opaque: its format is the adapter's business. */
  nextCursor: string;
  /**
   * True when `changes` is the complete list of events of this calendar: the caller replaces what
   * it has for it instead of applying changes on top. Happens on a first sync, after the provider
   * expired the cursor (Google's 410 Gone), and when the window moved past what the cursor covers.
   */
  fullResync: boolean;
}

/**
 * A clinic appointment as it is written to a provider's calendar. Minimum necessary: the adapter
 * writes a neutral title and a reference code, never a patient name, reason or diagnosis.
 */
export interface OutgoingEvent {
  /** ClinicDesk's appointment id; stored on the event so its echo is recognized. */
  appointmentId: string;
  startMs: number;
  endMs: number;
  /** The clinic's IANA zone, so the event shows at the right local time in the provider's app. */
  timeZone: string;
  /** A short code the front desk can look up ("A-10482"); no patient data. */
  referenceCode?: string;
}

export interface PutEventInput {
  calendarId: string;
  event: OutgoingEvent;
  /** Absent: create the event. Present: update that event. */
  remoteId?: string;
  /** When given, the update fails with CONFLICT if someone changed the event since. */
  etag?: string;
  /**
   * Creating: the id the new event must have, chosen and stored before the call (Google), so a
   * retry after a crash finds the event it already wrote instead of writing a second one.
   * Adapters that cannot choose ids ignore it.
   */
  newId?: string;
  /** When the event is written (its DTSTAMP); the sync engine passes its clock. */
  stampMs?: number;
}

export interface DeleteEventInput {
  calendarId: string;
  remoteId: string;
  etag?: string;
}

export interface CalendarAccountPort {
  listCalendars(): Promise<RemoteCalendar[]>;
  pullChanges(input: PullChangesInput): Promise<PullChangesResult>;
  putEvent(input: PutEventInput): Promise<{ remoteId: string; etag: string }>;
  /** Deleting an event that is already gone counts as done. */
  deleteEvent(input: DeleteEventInput): Promise<void>;
}

/**
 * - AUTH_REVOKED: the saved sign-in no longer works (revoked, expired, password changed); the
 *   health panel asks the provider to sign in again. Never retried.
 * - CURSOR_EXPIRED: the provider forgot our cursor. Adapters handle it with a full resync and say so
 *   through `fullResync: true`; it escapes only if the full resync itself gets it.
 * - RATE_LIMITED / UNAVAILABLE: still failing after the adapter's own backoff; try again later.
 * - CONFLICT: the event changed on the provider since we read it (etag mismatch).
 * - NOT_FOUND: the calendar or event is not there (deleted, or access removed).
 * - BAD_DATA: the provider sent, or refused, something we cannot use.
 * - SIGN_IN_FAILED: the sign-in flow itself did not complete (cancelled, wrong state, timed out).
 */
export type CalendarSyncErrorCode =
  | 'AUTH_REVOKED'
  | 'CURSOR_EXPIRED'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'BAD_DATA'
  | 'SIGN_IN_FAILED';

export class CalendarSyncError extends Error {
  readonly code: CalendarSyncErrorCode;
  /** The provider's HTTP status, when there was one. */
  readonly status: number | null;
  constructor(code: CalendarSyncErrorCode, message: string, status: number | null = null) {
    super(message);
    this.name = 'CalendarSyncError';
    this.code = code;
    this.status = status;
  }
  /** Worth trying again later without anyone doing anything. */
  get retryable(): boolean {
    return this.code === 'RATE_LIMITED' || this.code === 'UNAVAILABLE';
  }
  toJSON(): { code: CalendarSyncErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export function isCalendarSyncError(e: unknown): e is CalendarSyncError {
  return e instanceof CalendarSyncError;
}
