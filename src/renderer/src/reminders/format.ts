/**
 * How the reminder screens say things: touchpoints, channels, statuses, patients' replies and why
 * someone is on the call queue, in the front desk's words rather than the outbox's keys.
 */
import type { ApiOutput } from '../../../core/api/types';

export type ReminderItem = ApiOutput<'reminders/list'>['items'][number];
export type CallQueueItem = ApiOutput<'callQueue/list'>['items'][number];
/**
 * Change topics that make the outbox stale: its handlers, the dispatcher, reply polls and
 * webhooks emit 'reminders'; a booking or cancel ('appointments') plans or stops messages.
 */
export const REMINDER_TOPICS = ['reminders', 'appointments', 'messaging'] as const;

export type ChipColor = 'default' | 'info' | 'success' | 'error' | 'warning';

/** "72h" -> "72 h", "90min" -> "90 min", "2d" -> "2 days". */
function offsetWords(n: string, unit: string): string {
  if (unit === 'd') return `${n} day${n === '1' ? '' : 's'}`;
  return unit === 'h' ? `${n} h` : `${n} min`;
}

/**
 * A touchpoint key as the desk says it: "booking-confirmation" -> "Booking confirmation",
 * "sms-24h" -> "24 h reminder", "bulk-2026-03-04" -> "Message to everyone booked that day".
 * A clinic's own key without a pattern ("recall") is shown as typed.
 */
export function touchpointLabel(key: string, kind: string): string {
  if (key === 'escalation') return 'Escalation call';
  if (key.startsWith('bulk-') || kind === 'bulk') return 'Message to everyone booked that day';
  if (kind === 'confirmation') return 'Booking confirmation';
  if (kind === 'cancellation') return 'Cancellation notice';
  const m = /(\d+)(h|min|m|d)$/.exec(key);
  if (m) return `${offsetWords(m[1]!, m[2] === 'm' ? 'min' : m[2]!)} reminder`;
  return key.charAt(0).toUpperCase() + key.slice(1).replaceAll('-', ' ');
}

export const CHANNEL_LABEL: Record<string, string> = {
  sms: 'Text',
  email: 'E-mail',
  voice: 'Call',
  call: 'Staff call',
};

export const REMINDER_STATUS: Record<string, { label: string; color: ChipColor }> = {
  scheduled: { label: 'Scheduled', color: 'info' },
  sending: { label: 'Sending', color: 'info' },
  sent: { label: 'Sent', color: 'success' },
  delivered: { label: 'Delivered', color: 'success' },
  failed: { label: 'Failed', color: 'error' },
  dropped: { label: 'Too late', color: 'warning' },
  skipped: { label: 'Skipped', color: 'default' },
  cancelled: { label: 'Stopped', color: 'default' },
};

export function reminderStatus(status: string): { label: string; color: ChipColor } {
  return REMINDER_STATUS[status] ?? { label: status, color: 'default' };
}

/** The queue's tabs and the outbox statuses each shows. */
export const QUEUE_TABS = {
  scheduled: ['scheduled', 'sending'],
  sent: ['sent', 'delivered'],
  failed: ['failed', 'dropped'],
  /** Added to "Failed" on request: not sent on purpose (quiet hours, no consent, cancelled visit). */
  notSent: ['skipped', 'cancelled'],
} as const;

/** "Failed (2)": the count of the tab's statuses from `reminders/list` counts. */
export function tabCount(counts: Record<string, number>, statuses: readonly string[]): number {
  return statuses.reduce((n, s) => n + (counts[s] ?? 0), 0);
}

/** What a reminder row says about why: the plan's reason, then what went wrong, without repeats. */
export function reminderWhy(r: Pick<ReminderItem, 'reason' | 'error' | 'status'>): string[] {
  const out: string[] = [];
  for (const text of [r.error, r.reason]) {
    if (!text) continue;
    // "skipped: the 2 h reminder falls in quiet hours": the status chip already says "Skipped".
    const plain = text.replace(/^(skipped|stopped|dropped): /, '');
    const line = plain.charAt(0).toUpperCase() + plain.slice(1);
    if (!out.includes(line)) out.push(line);
  }
  return out;
}

/** Failed tab: what went wrong first (failed, too late), then what was not sent on purpose. */
export function failuresFirst<T extends { status: string }>(items: readonly T[]): T[] {
  const rank = (s: string) => (s === 'failed' ? 0 : s === 'dropped' ? 1 : 2);
  return [...items].sort((a, b) => rank(a.status) - rank(b.status));
}

export const REPLY_MEANING: Record<string, string> = {
  confirm: 'Confirmed (C)',
  cancel: 'Cancel (X)',
  callback: 'Call me back (R)',
  optOut: 'Opted out (STOP)',
  optIn: 'Opted back in (START)',
  help: 'Asked for help',
  other: 'Free text',
};

/** The system's note on a reply without its "staff: " routing prefix. */
export function replyNote(note: string | null): string | null {
  if (!note) return null;
  const text = note.replace(/^staff: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const CHANNEL_IN_REASON: Record<string, string> = { sms: 'SMS', email: 'E-mail', voice: 'Call' };

/**
 * Why a patient is on the call queue, riskiest facts first:
 * "2 prior no-shows · booked 40 days ahead · SMS failed: the number is not a valid number".
 * The engine's reasons are "not confirmed", "<channel>: <error>" per failed message, and the open
 * call task's reason.
 */
export function callReasons(
  item: Pick<CallQueueItem, 'priorNoShows' | 'leadTimeDays' | 'reasons'>,
): string[] {
  const out: string[] = [];
  if (item.priorNoShows > 0)
    out.push(`${item.priorNoShows} prior no-show${item.priorNoShows === 1 ? '' : 's'}`);
  // Booked the day before is the normal case; weeks ahead is when patients forget.
  if (item.leadTimeDays >= 7) out.push(`booked ${item.leadTimeDays} days ahead`);
  for (const reason of item.reasons) {
    const m = /^(sms|email|voice): (.*)$/s.exec(reason);
    if (!m) {
      out.push(reason);
      continue;
    }
    const channel = CHANNEL_IN_REASON[m[1]!]!;
    const error = m[2]!;
    const notSent = /^not sent: (.*)$/s.exec(error);
    out.push(notSent ? `${channel} not sent: ${notSent[1]}` : `${channel} failed: ${error}`);
  }
  return out;
}

export const CALL_OUTCOMES = [
  { outcome: 'confirmed', label: 'Confirmed' },
  { outcome: 'voicemail', label: 'Voicemail' },
  { outcome: 'no_answer', label: 'No answer' },
  { outcome: 'cancelled', label: 'Cancelled' },
  { outcome: 'rescheduled', label: 'Rescheduled' },
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number]['outcome'];

export function outcomeLabel(outcome: string): string {
  return CALL_OUTCOMES.find((o) => o.outcome === outcome)?.label ?? outcome.replaceAll('_', ' ');
}
