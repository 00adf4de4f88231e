/** Words and shapes the waitlist screens share. */
import type { ApiOutput } from '../../../core/api/types';

export type WaitlistEntry = ApiOutput<'waitlist/list'>[number];
export type WaitlistOffer = ApiOutput<'waitlist/history'>[number];

export const WEEKDAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export const OFFER_LABELS: Record<string, string> = {
  pending: 'Waiting for an answer',
  accepted: 'Accepted: booked',
  declined: 'Declined',
  expired: 'No answer in time',
  lost: 'Taken by someone else',
  failed: 'Text not sent',
};

export const OFFER_COLORS: Record<string, 'default' | 'success' | 'warning' | 'error' | 'info'> = {
  pending: 'info',
  accepted: 'success',
  declined: 'default',
  expired: 'default',
  lost: 'warning',
  failed: 'error',
};

export function weekdaysLabel(days: number[] | null): string {
  if (!days || days.length === 0 || days.length === 7) return 'Any day';
  return days.map((d) => WEEKDAY_SHORT[d - 1]).join(', ');
}

export function timeOfDayLabel(t: string): string {
  return t === 'morning' ? 'Mornings' : t === 'afternoon' ? 'Afternoons' : 'Any time';
}
