/**
 * How carriers count a text message, shared by the engine (which refuses a bulk message longer
 * than MAX_BULK_SMS_SEGMENTS and picks reminder wordings that fit one part) and the desk (which
 * counts while the receptionist types). Browser-safe.
 */

/** GSM 03.38 basic character set: one septet each. */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: an escape septet plus the character, so two each. */
const GSM7_EXTENDED = '^{}\\[~]|€\f';
const basic = new Set(GSM7_BASIC);
const extended = new Set(GSM7_EXTENDED);

/** A bulk message ("the office is closed today") may be at most this many parts long. */
export const MAX_BULK_SMS_SEGMENTS = 4;

/** True for a character GSM-7 sends in its basic table (one septet). */
export function isGsm7Basic(ch: string): boolean {
  return basic.has(ch);
}

/** True for a character GSM-7 can send at all (basic or extension table). */
export function isGsm7(ch: string): boolean {
  return basic.has(ch) || extended.has(ch);
}

export interface SmsCount {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** What fits in that many segments: 160 / 153 per part (GSM-7), 70 / 67 (UCS-2). */
  capacity: number;
  /** The characters that forced UCS-2, each once, in the order typed (e.g. ’ from a word processor). */
  nonGsm: string[];
}

function partsOf(units: number, single: number, multi: number) {
  if (units <= single) return { segments: 1, capacity: single };
  const segments = Math.ceil(units / multi);
  return { segments, capacity: segments * multi };
}

/** Carriers' count: 160 GSM-7 septets or 70 UCS-2 units in one part, 153 / 67 per part after. */
export function countSms(text: string): SmsCount {
  let septets = 0;
  const nonGsm: string[] = [];
  for (const ch of text) {
    if (basic.has(ch)) septets += 1;
    else if (extended.has(ch)) septets += 2;
    else if (!nonGsm.includes(ch)) nonGsm.push(ch);
  }
  if (nonGsm.length > 0) {
    // UCS-2 counts UTF-16 code units: an emoji is 2.
    const units = text.length;
    return { encoding: 'UCS-2', units, ...partsOf(units, 70, 67), nonGsm };
  }
  return { encoding: 'GSM-7', units: septets, ...partsOf(septets, 160, 153), nonGsm };
}
