/**
 * How the booking dialog writes people, dates and phone numbers, always in the clinic's zone:
 * the read-back line is what the receptionist says to the caller word for word.
 */
import { DateTime } from 'luxon';

const LOCALE = 'en-US';

/** "+15125550134" -> "(512) 555-0134"; anything else is shown as stored. */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return '';
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

/** "1980-05-17" -> "05/17/1980", the way US callers say it. */
export function formatDob(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? `${m[2]}/${m[3]}/${m[1]}` : isoDate;
}

/**
 * What a receptionist types for a date of birth: "3/2/1985", "03-02-1985", "03021985" or
 * "1985-03-02" -> "1985-03-02"; null when it is not a real date. Two-digit years are refused:
 * "3/2/25" could be a baby or a 100-year-old.
 */
export function parseDob(text: string): string | null {
  const s = text.trim();
  let y: number, mo: number, d: number;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s))) {
    [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = /^(\d{2})(\d{2})(\d{4})$/.exec(s))) {
    [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else {
    return null;
  }
  const dt = DateTime.fromObject({ year: y, month: mo, day: d });
  return dt.isValid ? dt.toISODate() : null;
}

/** "Tue Mar 3" */
export function dayLabel(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).setLocale(LOCALE).toFormat('ccc LLL d');
}

/** "9:30 AM" */
export function timeLabel(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).setLocale(LOCALE).toFormat('h:mm a');
}

/** "Tue Mar 3 at 9:30 AM" */
export function whenLabel(instant: string, zone: string): string {
  return `${dayLabel(instant, zone)} at ${timeLabel(instant, zone)}`;
}

/** "K7M2QX" -> "K7M-2QX": easier to read back in two halves. Codes with a dash stay as they are. */
export function spokenCode(code: string): string {
  return /^[A-Z0-9]{6}$/.test(code) ? `${code.slice(0, 3)}-${code.slice(3)}` : code;
}

/**
 * The one line to read back to the caller:
 * "Maria Lopez — Follow-up with Ana Patel, MD at Main, Tue Mar 3 at 9:30 AM. Confirmation K7M-2QX."
 */
export function readBackLine(b: {
  patientName: string;
  visitTypeName: string;
  providerName: string;
  locationName: string;
  start: string;
  zone: string;
  confirmationCode: string;
}): string {
  return `${b.patientName} — ${b.visitTypeName} with ${b.providerName} at ${b.locationName}, ${whenLabel(b.start, b.zone)}. Confirmation ${spokenCode(b.confirmationCode)}.`;
}

/**
 * An engine message shown next to its field, without the field's path in front: the server says
 * "email: e-mail consent needs an e-mail address"; beside the E-mail box the prefix is noise.
 */
export function messageForField(message: string, field: string | undefined): string {
  return field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}
