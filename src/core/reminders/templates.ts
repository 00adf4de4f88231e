/**
 * What the patient reads or hears, in English and Spanish. Messages carry the minimum necessary:
 * who, when, where and how to answer. The input type has no field for the visit reason, diagnosis
 * or chief complaint, and the texts are built only from the named fields below, so an object that
 * happens to carry one (a whole appointment row passed by mistake) still cannot leak it.
 */
import { countSms, isGsm7, isGsm7Basic } from '../../shared/sms';
import type { EpochMs } from '../time';
import type { TouchpointKind } from './policy';

export type MessageLanguage = 'en' | 'es';

export interface ReminderMessageInput {
  /** The patient's preferred language (ISO 639); Spanish for "es", English otherwise. */
  language: string;
  kind: TouchpointKind;
  /** Adds the C / X / R instructions (SMS, e-mail) or 1 / 2 (voice). */
  requiresReply: boolean;
  patientFirstName: string;
  clinicName: string;
  /** E.164 ("+15125550123") or already written for people. */
  clinicPhone: string;
  providerDisplayName: string;
  locationName: string;
  locationAddress: string;
  startMs: EpochMs;
  /** The appointment's time is said in the clinic's zone: that is where the patient must be. */
  clinicTimeZone: string;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface VoiceContent {
  language: MessageLanguage;
  /** What the call reads before asking for a key. */
  script: string;
  /** "Press 1 to confirm…" — separate, so TwiML can repeat it. */
  prompt: string;
  /** Said when nobody presses a key. */
  noAnswer: string;
  confirmed: string;
  cancelled: string;
  invalid: string;
}

export function messageLanguage(preferred: string): MessageLanguage {
  return preferred.trim().toLowerCase().startsWith('es') ? 'es' : 'en';
}

// ---------------------------------------------------------------------------------------------
// Dates and phone numbers for people

interface DateWords {
  short: string;
  long: string;
  time: string;
  /** "a la" for 1 o'clock in Spanish ("a la 1:30 p.m."), "a las" otherwise. */
  hourIsOne: boolean;
}

const formatters = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();
// Newer ICU writes "9:30\u202fAM" and "a.\u00a0m."; those spaces are not GSM-7 and would
// turn a 150-character SMS into three UCS-2 segments.
const plainSpaces = (s: string) => s.replace(/[\u00a0\u202f\u2009]/g, ' ');

function dateWords(lang: MessageLanguage, zone: string, at: EpochMs): DateWords {
  const key = `${lang}|${zone}`;
  let f = formatters.get(key);
  if (!f) {
    const locale = lang === 'es' ? 'es-US' : 'en-US';
    f = {
      date: new Intl.DateTimeFormat(locale, {
        timeZone: zone,
        weekday: 'long',
        month: 'long',
        day: 'numeric',
      }),
      time: new Intl.DateTimeFormat(locale, { timeZone: zone, hour: 'numeric', minute: '2-digit' }),
    };
    formatters.set(key, f);
  }
  const parts = f.date.formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = part('weekday');
  const month = part('month');
  const day = part('day');
  const timeParts = f.time.formatToParts(at);
  const time = plainSpaces(timeParts.map((p) => p.value).join(''));
  const hourIsOne = timeParts.find((p) => p.type === 'hour')?.value === '1';
  if (lang === 'es') {
    return {
      short: `${weekday} ${day} de ${month}`,
      long: `${weekday} ${day} de ${month}`,
      time,
      hourIsOne,
    };
  }
  return {
    short: `${weekday.slice(0, 3)}, ${month.slice(0, 3)} ${day}`,
    long: `${weekday}, ${month} ${day}`,
    time,
    hourIsOne,
  };
}

function at(lang: MessageLanguage, d: DateWords, style: 'short' | 'long'): string {
  const date = style === 'short' ? d.short : d.long;
  if (lang === 'es') return `el ${date} a ${d.hourIsOne ? 'la' : 'las'} ${d.time}`;
  return `${date} at ${d.time}`;
}

/** "+15125550123" -> "(512) 555-0123"; anything else is returned as written. */
export function phoneForPeople(phone: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : phone;
}

/** Digits read one by one with pauses: "5 1 2, 5 5 5, 0 1 2 3". */
function phoneForVoice(phone: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  if (!m) return phone;
  return [m[1], m[2], m[3]].map((g) => g!.split('').join(' ')).join(', ');
}

// ---------------------------------------------------------------------------------------------
// SMS length

export interface SmsSize {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
}

/** How carriers will count this text (src/shared/sms.ts: the desk counts with the same rule). */
export function smsSize(text: string): SmsSize {
  const { encoding, units, segments } = countSms(text);
  return { encoding, units, segments };
}

const PUNCTUATION_TO_GSM: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
};

/**
 * The text with characters outside GSM-7 replaced by their plain form where one exists ("María"
 * -> "Maria", "sábado" -> "sabado"; é, ñ, ü stay, they are GSM-7), as Twilio's Smart Encoding
 * would. One accented letter otherwise turns 160 characters per part into 70.
 */
export function toGsm7WherePossible(text: string): string {
  let out = '';
  for (const ch of text) {
    if (isGsm7(ch)) out += ch;
    else if (PUNCTUATION_TO_GSM[ch] !== undefined) out += PUNCTUATION_TO_GSM[ch];
    else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base.length > 0 && [...base].every(isGsm7Basic) ? base : ch;
    }
  }
  return out;
}

/**
 * Picks what to send from variants ordered fullest first: the first that fits one segment as
 * written; else the first that fits once simplified to GSM-7; else the fewest segments. Correct
 * spelling wins whenever it costs nothing.
 */
function fittest(variants: string[]): string {
  for (const v of variants) if (smsSize(v).segments === 1) return v;
  const simplified = variants.map(toGsm7WherePossible);
  for (const v of simplified) if (smsSize(v).segments === 1) return v;
  let best = simplified[0]!;
  for (const v of simplified) if (smsSize(v).segments < smsSize(best).segments) best = v;
  return best;
}

/** Ends a sentence with one full stop: "a las 9:30 a.m." does not get a second one. */
function sentence(s: string): string {
  return s.endsWith('.') ? s : `${s}.`;
}

// ---------------------------------------------------------------------------------------------
// SMS

/**
 * The SMS text. Each template lists variants from fullest to tersest and the first that fits one
 * segment wins, so a long clinic name costs the R instruction before it costs a second part.
 */
export function renderSms(input: ReminderMessageInput): string {
  const lang = messageLanguage(input.language);
  const d = dateWords(lang, input.clinicTimeZone, input.startMs);
  const first = input.patientFirstName.trim();
  const clinic = input.clinicName.trim();
  const provider = input.providerDisplayName.trim();
  const where = input.locationName.trim();
  const phone = phoneForPeople(input.clinicPhone);
  const when = at(lang, d, 'short');
  if (lang === 'es') {
    if (input.kind === 'cancellation') {
      return fittest([
        `${clinic}: Hola ${first}, su cita con ${provider} ${when} fue cancelada. Para otra cita llame al ${phone}.`,
        `${clinic}: ${first}, su cita ${when} fue cancelada. Llame al ${phone}.`,
      ]);
    }
    const answer = input.requiresReply
      ? [
          'Responda C para confirmar, X para cancelar o R para que le llamemos.',
          'Responda C para confirmar o X para cancelar.',
        ]
      : [`Para cambiarla llame al ${phone}.`, `Tel. ${phone}`];
    const opening =
      input.kind === 'confirmation'
        ? sentence(
            `${clinic}: Hola ${first}, reservamos su cita con ${provider} ${when} en ${where}`,
          )
        : sentence(
            `${clinic}: Hola ${first}, le recordamos su cita con ${provider} ${when} en ${where}`,
          );
    const terse =
      input.kind === 'confirmation'
        ? sentence(`${clinic}: ${first}, cita reservada ${when}, ${where}`)
        : sentence(`${clinic}: ${first}, su cita es ${when}, ${where}`);
    return fittest([
      ...answer.map((a) => `${opening} ${a}`),
      ...answer.map((a) => `${terse} ${a}`),
    ]);
  }
  if (input.kind === 'cancellation') {
    return fittest([
      `${clinic}: Hi ${first}, your visit with ${provider} on ${when} is cancelled. To rebook, call ${phone}.`,
      `${clinic}: ${first}, your visit on ${when} is cancelled. Call ${phone}.`,
    ]);
  }
  const answer = input.requiresReply
    ? ['Reply C to confirm, X to cancel, R for a call back.', 'Reply C to confirm or X to cancel.']
    : [`To change it, call ${phone}.`, `Call ${phone}.`];
  const opening =
    input.kind === 'confirmation'
      ? sentence(`${clinic}: Hi ${first}, you're booked with ${provider} on ${when} at ${where}`)
      : sentence(
          `${clinic}: Hi ${first}, reminder: your visit with ${provider} is ${when} at ${where}`,
        );
  const terse =
    input.kind === 'confirmation'
      ? sentence(`${clinic}: ${first}, booked ${when}, ${where}`)
      : sentence(`${clinic}: ${first}, your visit is ${when}, ${where}`);
  return fittest([...answer.map((a) => `${opening} ${a}`), ...answer.map((a) => `${terse} ${a}`)]);
}

// ---------------------------------------------------------------------------------------------
// E-mail

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

interface EmailWords {
  subject: string;
  greeting: string;
  lead: string;
  details: [label: string, value: string][];
  answer: string | null;
  closing: string;
}

function emailWords(input: ReminderMessageInput): EmailWords {
  const lang = messageLanguage(input.language);
  const d = dateWords(lang, input.clinicTimeZone, input.startMs);
  const phone = phoneForPeople(input.clinicPhone);
  const when = at(lang, d, 'long');
  const first = input.patientFirstName.trim();
  const clinic = input.clinicName.trim();
  if (lang === 'es') {
    const subject =
      input.kind === 'cancellation'
        ? `Cita cancelada: ${d.long}`
        : input.kind === 'confirmation'
          ? `Su cita en ${clinic}: ${d.long}`
          : `Recordatorio de su cita en ${clinic}: ${d.long}`;
    const lead =
      input.kind === 'cancellation'
        ? `Su cita ${when} fue cancelada. Para reservar otra, llame al ${phone}.`
        : input.kind === 'confirmation'
          ? sentence(`Su cita quedó reservada ${when}`)
          : sentence(`Le recordamos su cita ${when}`);
    return {
      subject,
      greeting: `Hola ${first}:`,
      lead,
      details: [
        ['Profesional', input.providerDisplayName.trim()],
        ['Lugar', `${input.locationName.trim()}, ${input.locationAddress.trim()}`],
        ['Teléfono', phone],
      ],
      answer: input.requiresReply
        ? `Para confirmar o cancelar, llame al ${phone} o responda C (confirmar) o X (cancelar) a nuestro SMS.`
        : input.kind === 'cancellation'
          ? null
          : `Si necesita cambiar la cita, llame al ${phone}.`,
      closing: `Atentamente,\n${clinic}`,
    };
  }
  const subject =
    input.kind === 'cancellation'
      ? `Appointment cancelled: ${d.long}`
      : input.kind === 'confirmation'
        ? `Your appointment at ${clinic}: ${d.long}`
        : `Reminder: your appointment at ${clinic} on ${d.long}`;
  const lead =
    input.kind === 'cancellation'
      ? `Your appointment on ${when} has been cancelled. To book another, call ${phone}.`
      : input.kind === 'confirmation'
        ? sentence(`Your appointment is booked for ${when}`)
        : sentence(`This is a reminder of your appointment on ${when}`);
  return {
    subject,
    greeting: `Hi ${first},`,
    lead,
    details: [
      ['With', input.providerDisplayName.trim()],
      ['Where', `${input.locationName.trim()}, ${input.locationAddress.trim()}`],
      ['Phone', phone],
    ],
    answer: input.requiresReply
      ? `To confirm or cancel, call ${phone} or reply C (confirm) or X (cancel) to our text message.`
      : input.kind === 'cancellation'
        ? null
        : `If you need to change it, call ${phone}.`,
    closing: `Thank you,\n${clinic}`,
  };
}

/** Subject, plain text and a minimal HTML part; every value is escaped in the HTML. */
export function renderEmail(input: ReminderMessageInput): EmailContent {
  const w = emailWords(input);
  const text = [
    w.greeting,
    '',
    w.lead,
    '',
    ...w.details.map(([label, value]) => `${label}: ${value}`),
    ...(w.answer ? ['', w.answer] : []),
    '',
    w.closing,
    '',
  ].join('\n');
  const lang = messageLanguage(input.language);
  const html = [
    `<!doctype html><html lang="${lang}"><body>`,
    `<p>${escapeHtml(w.greeting)}</p>`,
    `<p>${escapeHtml(w.lead)}</p>`,
    '<ul>',
    ...w.details.map(([label, value]) => `<li>${escapeHtml(label)}: ${escapeHtml(value)}</li>`),
    '</ul>',
    ...(w.answer ? [`<p>${escapeHtml(w.answer)}</p>`] : []),
    `<p>${w.closing.split('\n').map(escapeHtml).join('<br>')}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: w.subject, text, html };
}

// ---------------------------------------------------------------------------------------------
// Voice

/** What a reminder call says; read by Twilio's text-to-speech in the patient's language. */
export function renderVoice(input: ReminderMessageInput): VoiceContent {
  const lang = messageLanguage(input.language);
  const d = dateWords(lang, input.clinicTimeZone, input.startMs);
  const when = at(lang, d, 'long');
  const phone = phoneForVoice(input.clinicPhone);
  const first = input.patientFirstName.trim();
  const clinic = input.clinicName.trim();
  const provider = input.providerDisplayName.trim();
  const where = input.locationName.trim();
  if (lang === 'es') {
    return {
      language: 'es',
      script:
        input.kind === 'cancellation'
          ? `Hola ${first}. Le llamamos de ${clinic}. Su cita con ${provider} ${when} fue cancelada. Para reservar otra, llame al ${phone}.`
          : `Hola ${first}. Le llamamos de ${clinic} para recordarle su cita con ${provider} ${when} en ${where}.`,
      prompt: input.requiresReply ? 'Oprima 1 para confirmar. Oprima 2 para cancelar.' : '',
      noAnswer: `No recibimos su respuesta. Si necesita cambiar la cita, llame al ${phone}. Adiós.`,
      confirmed: 'Gracias. Su cita está confirmada. Adiós.',
      cancelled: `Su cita fue cancelada. Para reservar otra, llame al ${phone}. Adiós.`,
      invalid: 'No entendimos su respuesta.',
    };
  }
  return {
    language: 'en',
    script:
      input.kind === 'cancellation'
        ? `Hello ${first}. This is ${clinic}. Your appointment with ${provider} on ${when} has been cancelled. To book another, call ${phone}.`
        : `Hello ${first}. This is ${clinic} calling to remind you of your appointment with ${provider} on ${when} at ${where}.`,
    prompt: input.requiresReply ? 'Press 1 to confirm. Press 2 to cancel.' : '',
    noAnswer: `We did not get an answer. If you need to change your appointment, call ${phone}. Goodbye.`,
    confirmed: 'Thank you. Your appointment is confirmed. Goodbye.',
    cancelled: `Your appointment has been cancelled. To book another, call ${phone}. Goodbye.`,
    invalid: 'Sorry, we did not understand that.',
  };
}
