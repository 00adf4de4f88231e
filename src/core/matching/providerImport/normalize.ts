/**
 * Turning a cell as exported into the stored form: name case for the all-capitals of NPPES
 * ("WIEBE" → "Wiebe"), credentials without the punctuation and courtesy titles ("DR. M.D." → "MD"),
 * the many spellings of yes, no, male and female, and the US state codes.
 */
import { phone, zip } from '../../entities/common';

const ROMAN = /^(II|III|IV|VI|VII|VIII)$/i;

const isLetter = (ch: string) => ch.toLowerCase() !== ch.toUpperCase();

/**
 * Capitalise one word: its first letter and each letter after a hyphen or a period (Smith-Jones,
 * C.Shane), and after "O'"/"D'" (O'Brien, D'Angelo) but not in "JOHN'S" → "John's". A word that
 * starts with a digit keeps its letters small ("25TH" → "25th"). A plain loop: this runs for
 * every name and address cell, and the regex version was the slowest step of a 5,000-row check.
 */
function capitaliseWord(word: string): string {
  if (ROMAN.test(word)) return word.toUpperCase();
  const lower = word.toLowerCase();
  let out = '';
  let atStart = true;
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i]!;
    const oneLetterThenApostrophe = i === 2 && (lower[1] === "'" || lower[1] === '’');
    out += (atStart || oneLetterThenApostrophe) && isLetter(ch) ? ch.toUpperCase() : ch;
    atStart = ch === '-' || ch === '.';
  }
  // McDonald, McAllister, McAllen: Mc + capital is near-universal in US names and places, while
  // "Mac" is not (Macaluso, Macon), so only Mc is treated.
  if (out.length > 3 && out.startsWith('Mc') && isLetter(out[2]!) && isLetter(out[3]!))
    out = `Mc${out[2]!.toUpperCase()}${out.slice(3)}`;
  return out;
}

/** Only text typed all in one case is re-cased: "DeShawn" or "van der Berg" was typed on purpose. */
function isSingleCase(text: string): boolean {
  return text === text.toUpperCase() || text === text.toLowerCase();
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** "WIEBE" → "Wiebe", "O'BRIEN" → "O'Brien", "SMITH-JONES" → "Smith-Jones", "MCCOY" → "McCoy". */
export function nameCase(text: string): string {
  const clean = collapse(text);
  if (!isSingleCase(clean)) return clean;
  return clean.split(' ').map(capitaliseWord).join(' ');
}

/** Address words that stay capitals: directions and PO boxes ("300 Tower Rd NE", "PO Box 12"). */
const ADDRESS_CAPS = new Set(['NE', 'NW', 'SE', 'SW', 'PO', 'US', 'FM', 'CR', 'SR', 'APO', 'FPO']);

/** "3500 CENTRAL AVE" → "3500 Central Ave"; "425 E 25TH ST" → "425 E 25th St". */
export function addressCase(text: string): string {
  const clean = collapse(text);
  if (!isSingleCase(clean)) return clean;
  return clean
    .split(' ')
    .map((w) => (ADDRESS_CAPS.has(w.toUpperCase()) ? w.toUpperCase() : capitaliseWord(w)))
    .join(' ');
}

/** Degrees written in mixed case by convention. */
const MIXED_CASE_CREDENTIALS: Readonly<Record<string, string>> = {
  PHD: 'PhD',
  PHARMD: 'PharmD',
  AUD: 'AuD',
  PSYD: 'PsyD',
  EDD: 'EdD',
  DRPH: 'DrPH',
  DSC: 'DSc',
  SCD: 'ScD',
};

/** Courtesy titles NPPES puts in front of the credential ("DR. MD", "MRS. RN, MSN"). */
const COURTESY = /^(DR|MR|MRS|MS|MISS|PROF)\.\s*|^(DR|MRS|MISS|PROF)\s+/i;

/**
 * "M.D." → "MD", "DR. M.D." → "MD", "M. D." → "MD", "MRS. RN, MSN, CPNP" → "RN, MSN, CPNP",
 * "DR. PH.D." → "PhD", "MS. MSW LICSW" → "MSW, LICSW", "DR." → null. "MS" without a period is a
 * Master of Science, so it is only dropped as "MS." in front.
 */
export function normalizeCredentials(text: string): string | null {
  let rest = collapse(text);
  for (let m = COURTESY.exec(rest); m !== null; m = COURTESY.exec(rest)) {
    rest = rest.slice(m[0].length);
  }
  // "M. D." and "O. D." are one degree written with spaces.
  rest = rest.replace(/\b([A-Za-z]{1,2})\.\s+(?=[A-Za-z]{1,2}\.)/g, '$1.');
  const parts: string[] = [];
  for (const group of rest.split(/[,;]/)) {
    const words = group
      .split(/\s+/)
      .map((w) => w.replace(/\./g, '').toUpperCase())
      .filter((w) => w !== '');
    words.forEach((w, i) => {
      // "PHARM D" is PharmD: a lone letter finishes the degree before it.
      if (w.length === 1 && i > 0) parts[parts.length - 1] += w;
      else parts.push(w);
    });
  }
  if (parts.length === 0) return null;
  return parts.map((p) => MIXED_CASE_CREDENTIALS[p] ?? p).join(', ');
}

/** "female", "F", "woman" → F; "unknown" or empty → null; undefined = not a value we know. */
export function parseSex(text: string): 'F' | 'M' | 'X' | null | undefined {
  const t = text.trim().toLowerCase();
  if (t === '' || t === 'u' || t === 'unknown' || t === 'not specified') return null;
  if (['f', 'female', 'woman', 'w'].includes(t)) return 'F';
  if (['m', 'male', 'man'].includes(t)) return 'M';
  if (['x', 'nonbinary', 'non-binary', 'other'].includes(t)) return 'X';
  return undefined;
}

/** Y/N/yes/no/true/false/1/0 → boolean; empty → null; undefined = not yes or no. */
export function parseYesNo(text: string): boolean | null | undefined {
  const t = text.trim().toLowerCase();
  if (t === '') return null;
  if (['y', 'yes', 'true', '1', 'x'].includes(t)) return true;
  if (['n', 'no', 'false', '0'].includes(t)) return false;
  return undefined;
}

/** 0–130 whole years; empty → null; undefined = not a whole number of years in range. */
export function parseAgeYears(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  const m = /^(\d{1,3})(?:\.0+)?$/.exec(t);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 130 ? n : undefined;
}

/** USPS codes: the states, DC, the territories and the military "states" AA/AE/AP. */
const US_STATES: Readonly<Record<string, string>> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  PR: 'Puerto Rico',
  VI: 'U.S. Virgin Islands',
  GU: 'Guam',
  AS: 'American Samoa',
  MP: 'Northern Mariana Islands',
  FM: 'Micronesia',
  MH: 'Marshall Islands',
  PW: 'Palau',
  AA: 'Armed Forces Americas',
  AE: 'Armed Forces Europe',
  AP: 'Armed Forces Pacific',
};

const STATE_BY_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(US_STATES).map(([code, name]) => [name.toLowerCase().replace(/\./g, ''), code]),
);

/** "tx", "Texas" → "TX"; null when it is no US state or territory. */
export function usStateCode(text: string): string | null {
  const t = collapse(text);
  const upper = t.toUpperCase();
  if (upper in US_STATES) return upper;
  return STATE_BY_NAME.get(t.toLowerCase().replace(/\./g, '')) ?? null;
}

/** "688472944" or "68847-2944" → "68847-2944"; "68847" stays; null when not a ZIP. Same rule as a location's ZIP. */
export function normalizeZip(text: string): string | null {
  const r = zip.safeParse(text);
  return r.success ? r.data : null;
}

const locationPhone = phone('location phone');

/** US (NANP) numbers with any punctuation → E.164 "+15125550123"; null when not one. */
export function normalizePhone(text: string): string | null {
  const r = locationPhone.safeParse(text);
  return r.success ? r.data : null;
}

/** A spreadsheet's scientific notation ("1.67958E+09"): the real digits are lost. */
export function isScientificNotation(text: string): boolean {
  return /^\d(\.\d+)?e\+?\d+$/i.test(text.trim());
}
