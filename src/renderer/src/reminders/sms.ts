/**
 * The words under the bulk message box. The count itself (GSM-7 or UCS-2, parts) is
 * src/shared/sms.ts, the same rule the engine applies when it refuses a message or sends it.
 */
import type { SmsCount } from '../../../shared/sms';

/** The words under the message box: "2 text messages · 170 of 306 characters". */
export function describeSmsCount(c: SmsCount): string {
  const parts = `${c.segments} text message${c.segments === 1 ? '' : 's'}`;
  const chars = `${c.units} of ${c.capacity} characters`;
  if (c.encoding === 'GSM-7') return `${parts} · ${chars}`;
  const shown = c.nonGsm
    .slice(0, 5)
    .map((ch) =>
      ch.trim() === '' ? `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : ch,
    )
    .join(' ');
  return `${parts} · ${chars} · special characters (${shown}) make each part shorter`;
}
