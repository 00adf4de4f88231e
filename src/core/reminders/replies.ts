/**
 * What a patient's text reply means. Only a reply that is exactly one keyword (after trimming,
 * ignoring case, accents and surrounding punctuation) acts on its own; "No, can we do Thursday?"
 * is a person asking something, so it goes to the staff inbox instead of cancelling the visit.
 *
 * CANCEL — a deliberate departure from Twilio's defaults. Twilio's Advanced Opt-Out lists CANCEL
 * among its opt-out keywords (with STOP, STOPALL, UNSUBSCRIBE, END, QUIT, REVOKE, OPTOUT), while
 * our reminders say "reply X to cancel" and patients naturally write CANCEL. We read CANCEL as
 * "cancel the appointment". The deployment notes must therefore tell the clinic to remove CANCEL
 * from the opt-out keywords of its Messaging Service (Console → Messaging → Services → Opt-Out
 * Management); otherwise Twilio would also block further texts to that patient while we cancel
 * the visit, and our next message would fail with 21610.
 *
 * YES — Twilio's default opt-in keywords are START, YES and UNSTOP. For a patient who is opted in,
 * YES confirms the appointment. For one who is opted out, Twilio has already re-subscribed the
 * number when YES arrives, so we report it as 'optIn' to keep our consent record the same as the
 * carrier's; the caller says whether the patient is opted out.
 */

export type ReplyMeaning =
  'confirm' | 'cancel' | 'callback' | 'optOut' | 'optIn' | 'help' | 'other';

const KEYWORDS: Record<Exclude<ReplyMeaning, 'other'>, readonly string[]> = {
  confirm: ['C', 'YES', 'CONFIRM', 'CONFIRMED', 'SI', 'CONFIRMAR', 'CONFIRMO'],
  cancel: ['X', 'CANCEL', 'NO', 'CANCELAR', 'CANCELO'],
  callback: ['R', 'CALL', 'CALLBACK', 'LLAMAR', 'LLAMENME'],
  // CTIA / Twilio standard opt-out words; CANCEL is deliberately not here (see above).
  optOut: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'END', 'QUIT', 'REVOKE', 'OPTOUT'],
  optIn: ['START', 'UNSTOP'],
  help: ['HELP', 'INFO', 'AYUDA'],
};

const MEANING_OF = new Map<string, Exclude<ReplyMeaning, 'other'>>();
for (const [meaning, words] of Object.entries(KEYWORDS)) {
  for (const w of words) MEANING_OF.set(w, meaning as Exclude<ReplyMeaning, 'other'>);
}

/** "  Sí! " -> "SI"; "opt-out" -> "OPTOUT"; "C." -> "C". Empty when nothing but punctuation. */
export function normalizeReply(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
    .replace(/^(OPT|CALL|STOP) (OUT|BACK|ALL)$/, '$1$2')
    .replace(/^LLAMEN ME$/, 'LLAMENME');
}

export function classifyReply(
  text: string,
  context: { patientOptedOut?: boolean } = {},
): ReplyMeaning {
  const word = normalizeReply(text);
  const meaning = MEANING_OF.get(word) ?? 'other';
  if (meaning === 'confirm' && word === 'YES' && context.patientOptedOut) return 'optIn';
  return meaning;
}

/** The keyword lists, for the deployment notes and the staff help screen. */
export const REPLY_KEYWORDS = KEYWORDS;
