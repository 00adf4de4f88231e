/**
 * One file row → a patient record, or the reasons it cannot be one. Errors stop the row (and,
 * unless the person skips such rows deliberately, the whole import); warnings say what was
 * changed or left out, so nothing is dropped without a word.
 */
import type { FileRow, RowProblem } from './parse';
import type { PatientImportField } from './mapping';

export interface CoverageDraft {
  payerName: string;
  planName: string | null;
  memberId: string | null;
  groupNumber: string | null;
}

export interface PatientDraft {
  line: number;
  externalId: string | null;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: 'F' | 'M' | 'X' | null;
  phoneMobile: string | null;
  phoneHome: string | null;
  email: string | null;
  address1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  preferredLanguage: string;
  deceased: boolean;
  deceasedOn: string | null;
  coverage: CoverageDraft | null;
}

export interface ValidateOptions {
  /** Column index per mapped field. */
  columns: Partial<Record<PatientImportField, number>>;
  /** The clinic's today (YYYY-MM-DD): a birth after it is a typo. */
  today: string;
  stripNameDigits: boolean;
}

const US_STATES: Record<string, string> = {
  alabama: 'AL',
  alaska: 'AK',
  arizona: 'AZ',
  arkansas: 'AR',
  california: 'CA',
  colorado: 'CO',
  connecticut: 'CT',
  delaware: 'DE',
  districtofcolumbia: 'DC',
  florida: 'FL',
  georgia: 'GA',
  hawaii: 'HI',
  idaho: 'ID',
  illinois: 'IL',
  indiana: 'IN',
  iowa: 'IA',
  kansas: 'KS',
  kentucky: 'KY',
  louisiana: 'LA',
  maine: 'ME',
  maryland: 'MD',
  massachusetts: 'MA',
  michigan: 'MI',
  minnesota: 'MN',
  mississippi: 'MS',
  missouri: 'MO',
  montana: 'MT',
  nebraska: 'NE',
  nevada: 'NV',
  newhampshire: 'NH',
  newjersey: 'NJ',
  newmexico: 'NM',
  newyork: 'NY',
  northcarolina: 'NC',
  northdakota: 'ND',
  ohio: 'OH',
  oklahoma: 'OK',
  oregon: 'OR',
  pennsylvania: 'PA',
  rhodeisland: 'RI',
  southcarolina: 'SC',
  southdakota: 'SD',
  tennessee: 'TN',
  texas: 'TX',
  utah: 'UT',
  vermont: 'VT',
  virginia: 'VA',
  washington: 'WA',
  westvirginia: 'WV',
  wisconsin: 'WI',
  wyoming: 'WY',
  puertorico: 'PR',
  guam: 'GU',
  virginislands: 'VI',
  americansamoa: 'AS',
  northernmarianaislands: 'MP',
};
const STATE_CODES = new Set(Object.values(US_STATES));

const LANGUAGES: Record<string, string> = {
  english: 'en',
  spanish: 'es',
  espanol: 'es',
  chinese: 'zh',
  mandarin: 'zh',
  cantonese: 'yue',
  vietnamese: 'vi',
  tagalog: 'tl',
  filipino: 'tl',
  arabic: 'ar',
  french: 'fr',
  korean: 'ko',
  russian: 'ru',
  portuguese: 'pt',
  haitiancreole: 'ht',
  creole: 'ht',
  german: 'de',
  italian: 'it',
  polish: 'pl',
  hindi: 'hi',
  japanese: 'ja',
  somali: 'so',
  amharic: 'am',
  farsi: 'fa',
  persian: 'fa',
  urdu: 'ur',
  bengali: 'bn',
  gujarati: 'gu',
  punjabi: 'pa',
  nepali: 'ne',
};

/** Words that mean "this patient has no insurance", not a payer to look for. */
const NO_INSURANCE = new Set(['noinsurance', 'none', 'selfpay', 'self', 'uninsured', 'cash', 'na']);

function daysInMonth(y: number, m: number): number {
  return m === 2
    ? y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(m)
      ? 30
      : 31;
}

function ymd(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A date as exports write it: 1980-04-07 (also with a time after it), 4/7/1980 (US order),
 * 19800407. A two-digit year is refused: "4/7/19" could be 1919 or 2019 for a date of birth.
 */
export function readDate(raw: string): { date: string } | { reason: string } {
  const s = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (m) {
    const d = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    return d ? { date: d } : { reason: `"${s}" is not a real date` };
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(s);
  if (m) {
    if (m[3]!.length === 2)
      return {
        reason: `"${s}" has a two-digit year; write the year in four digits (e.g. 4/7/1980)`,
      };
    const d = ymd(Number(m[3]), Number(m[1]), Number(m[2]));
    return d ? { date: d } : { reason: `"${s}" is not a real date (month/day/year)` };
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) {
    const d = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    return d ? { date: d } : { reason: `"${s}" is not a real date` };
  }
  return { reason: `"${s}" is not a date (write it as YYYY-MM-DD or MM/DD/YYYY)` };
}

/** 10 US digits, or null with the reason. */
export function readPhone(raw: string): { phone: string } | { reason: string } {
  const s = raw.trim();
  const ext = s.replace(/\s*(x|ext\.?)\s*\d+$/i, '');
  if (!/^[\d\s().+-]+$/.test(ext)) return { reason: `"${s}" is not a phone number` };
  let digits = ext.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (digits.length !== 10) return { reason: `"${s}" does not have 10 digits` };
  if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(digits))
    return {
      reason: `"${s}" is not a valid US number (area code and exchange cannot start with 0 or 1)`,
    };
  return { phone: digits };
}

const EMAIL_RE = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[a-z]{2,}$/i;

export function validateRow(
  row: FileRow,
  opts: ValidateOptions,
): { draft: PatientDraft | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const cell = (f: PatientImportField): string => {
    const i = opts.columns[f];
    return i === undefined ? '' : (row.cells[i] ?? '').trim();
  };
  const error = (field: PatientImportField | null, value: string, reason: string) =>
    problems.push({ line: row.line, field, value, reason, severity: 'error' });
  const warn = (field: PatientImportField | null, value: string, reason: string) =>
    problems.push({ line: row.line, field, value, reason, severity: 'warning' });

  const name = (f: 'firstName' | 'lastName', label: string): string => {
    let v = cell(f).replace(/\s+/g, ' ');
    if (opts.stripNameDigits) v = v.replace(/\d+$/, '').replace(/\d+(?=\s)/g, '');
    if (v === '') error(f, cell(f), `${label} is missing`);
    else if (v.length > 100)
      error(f, v.slice(0, 40) + '…', `${label} is longer than 100 characters`);
    else if (/\d/.test(v)) warn(f, v, `${label} contains digits; check it was not a data column`);
    return v;
  };
  const firstName = name('firstName', 'first name');
  const lastName = name('lastName', 'last name');

  let dateOfBirth = '';
  const dobRaw = cell('dateOfBirth');
  if (dobRaw === '') error('dateOfBirth', '', 'date of birth is missing');
  else {
    const d = readDate(dobRaw);
    if ('reason' in d) error('dateOfBirth', dobRaw, `date of birth: ${d.reason}`);
    else if (d.date > opts.today)
      error('dateOfBirth', dobRaw, `date of birth ${d.date} is in the future`);
    else if (Number(d.date.slice(0, 4)) < Number(opts.today.slice(0, 4)) - 125)
      error('dateOfBirth', dobRaw, `date of birth ${d.date} is more than 125 years ago`);
    else dateOfBirth = d.date;
  }

  let deceasedOn: string | null = null;
  const dodRaw = cell('dateOfDeath');
  if (dodRaw !== '') {
    const d = readDate(dodRaw);
    if ('reason' in d) error('dateOfDeath', dodRaw, `date of death: ${d.reason}`);
    else if (d.date > opts.today)
      error('dateOfDeath', dodRaw, `date of death ${d.date} is in the future`);
    else if (dateOfBirth && d.date < dateOfBirth)
      error(
        'dateOfDeath',
        dodRaw,
        `date of death ${d.date} is before the date of birth ${dateOfBirth}`,
      );
    else deceasedOn = d.date;
  }

  let sex: PatientDraft['sex'] = null;
  const sexRaw = cell('sex');
  if (sexRaw !== '') {
    const k = sexRaw.toLowerCase();
    if (k === 'f' || k === 'female' || k === 'woman') sex = 'F';
    else if (k === 'm' || k === 'male' || k === 'man') sex = 'M';
    else if (k === 'x' || k === 'nonbinary' || k === 'non-binary' || k === 'other') sex = 'X';
    else if (!['u', 'unknown', 'unk', 'not given', 'declined'].includes(k))
      warn('sex', sexRaw, 'sex is not F, M or X; left empty');
  }

  const phoneOf = (f: 'phoneMobile' | 'phoneHome', label: string): string | null => {
    const raw = cell(f);
    if (raw === '') return null;
    const p = readPhone(raw);
    if ('reason' in p) {
      error(f, raw, `${label}: ${p.reason}`);
      return null;
    }
    return p.phone;
  };
  const phoneMobile = phoneOf('phoneMobile', 'mobile phone');
  const phoneHome = phoneOf('phoneHome', 'home phone');

  let email: string | null = null;
  const emailRaw = cell('email');
  if (emailRaw !== '') {
    if (emailRaw.length > 254 || !EMAIL_RE.test(emailRaw))
      error('email', emailRaw, `e-mail "${emailRaw}" is not an address like name@example.com`);
    else email = emailRaw.toLowerCase();
  }

  const a1 = cell('address1');
  const a2 = cell('address2');
  const address1 = [a1, a2].filter(Boolean).join(', ').replace(/\s+/g, ' ') || null;
  const city = cell('city').replace(/\s+/g, ' ') || null;

  let state: string | null = null;
  const stateRaw = cell('state');
  if (stateRaw !== '') {
    const up = stateRaw.toUpperCase();
    const code = STATE_CODES.has(up)
      ? up
      : US_STATES[stateRaw.toLowerCase().replace(/[^a-z]/g, '')];
    if (code) state = code;
    else warn('state', stateRaw, 'state is not a US state; left empty');
  }

  let zip: string | null = null;
  const zipRaw = cell('zip');
  if (zipRaw !== '') {
    // Spreadsheets drop the leading zero of New England ZIPs: 1915 was 01915.
    const digits = zipRaw.replace(/[\s-]/g, '');
    if (/^\d{5}$/.test(digits)) zip = digits;
    else if (/^\d{9}$/.test(digits)) zip = `${digits.slice(0, 5)}-${digits.slice(5)}`;
    else if (/^\d{3,4}$/.test(digits)) {
      zip = digits.padStart(5, '0');
      warn('zip', zipRaw, `ZIP had lost its leading zero; read as ${zip}`);
    } else warn('zip', zipRaw, 'ZIP is not 5 digits or ZIP+4; left empty');
  }

  let preferredLanguage = 'en';
  const langRaw = cell('preferredLanguage');
  if (langRaw !== '') {
    const k = langRaw.toLowerCase().replace(/[^a-z]/g, '');
    if (/^[a-z]{2,3}$/.test(langRaw.trim().toLowerCase()))
      preferredLanguage = langRaw.trim().toLowerCase();
    else if (LANGUAGES[k]) preferredLanguage = LANGUAGES[k];
    else warn('preferredLanguage', langRaw, 'language not recognised; English assumed');
  }

  let coverage: CoverageDraft | null = null;
  const payerName = cell('payerName');
  if (payerName !== '' && !NO_INSURANCE.has(payerName.toLowerCase().replace(/[^a-z]/g, ''))) {
    coverage = {
      payerName,
      planName: cell('planName') || null,
      memberId: cell('memberId') || null,
      groupNumber: cell('groupNumber') || null,
    };
  }

  const externalId = cell('externalId') || null;
  if (externalId !== null && externalId.length > 100)
    error('externalId', externalId.slice(0, 40) + '…', 'the ID is longer than 100 characters');

  if (problems.some((p) => p.severity === 'error')) return { draft: null, problems };
  return {
    draft: {
      line: row.line,
      externalId,
      firstName,
      lastName,
      dateOfBirth,
      sex,
      phoneMobile,
      phoneHome,
      email,
      address1,
      city,
      state,
      zip,
      preferredLanguage,
      deceased: deceasedOn !== null,
      deceasedOn,
      coverage,
    },
    problems,
  };
}
