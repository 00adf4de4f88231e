/** Readers for the segments 270 and 271 share: NM1, N3/N4, DTP, REF, DMG, TRN and numbers. */
import { DATE_QUALIFIERS, ENTITY_ROLES } from './codes';
import { at, type X12Warning } from './errors';
import { readD8 } from './envelope';
import { el, type Segment } from './tokenizer';
import type { Address, DateEntry, Party, Reference } from './types';

const orNull = (s: string): string | null => (s === '' ? null : s);

export function readParty(nm1: Segment): Party {
  const code = el(nm1, 1);
  const isOrganization = el(nm1, 2) === '2';
  const lastName = orNull(el(nm1, 3));
  const firstName = orNull(el(nm1, 4));
  const middleName = orNull(el(nm1, 5));
  const suffix = orNull(el(nm1, 7));
  const personName =
    [lastName, [firstName, middleName].filter(Boolean).join(' ')].filter(Boolean).join(', ') +
    (suffix ? ` ${suffix}` : '');
  return {
    entityCode: code,
    role: ENTITY_ROLES[code] ?? `entity ${code}`,
    isOrganization,
    name: isOrganization ? (lastName ?? '') : personName,
    lastName,
    firstName,
    middleName,
    suffix,
    idQualifier: orNull(el(nm1, 8)),
    id: orNull(el(nm1, 9)),
  };
}

export function emptyAddress(): Address {
  return { line1: null, line2: null, city: null, state: null, postalCode: null };
}

/** N3 fills the street lines, N4 the city, state and ZIP, into one Address. */
export function addToAddress(address: Address | null, s: Segment): Address {
  const a = address ?? emptyAddress();
  if (s.id === 'N3') {
    a.line1 = orNull(el(s, 1));
    a.line2 = orNull(el(s, 2));
  } else {
    a.city = orNull(el(s, 1));
    a.state = orNull(el(s, 2));
    a.postalCode = orNull(el(s, 3));
  }
  return a;
}

export function readReference(s: Segment): Reference {
  return { qualifier: el(s, 1), id: el(s, 2), description: orNull(el(s, 3)) };
}

/** DTP*346*D8*20060101 or DTP*291*RD8*20190101-20191231; null (and a warning) when unreadable. */
export function readDate(s: Segment, warnings: X12Warning[]): DateEntry | null {
  const qualifier = el(s, 1);
  const format = el(s, 2);
  const value = el(s, 3);
  let from: string | null = null;
  let to: string | null = null;
  if (format === 'D8' || format === 'DT') {
    from = to = readD8(value.slice(0, 8));
  } else if (format === 'RD8') {
    const [a = '', b = ''] = value.split('-');
    from = readD8(a);
    to = readD8(b);
  }
  if (from === null || to === null) {
    warnings.push({
      code: 'BAD_VALUE',
      message: `${at(s.position, 'DTP')}: "${value}" is not a ${format || 'date'} date; it was skipped.`,
      segment: s.position,
    });
    return null;
  }
  return { qualifier, meaning: DATE_QUALIFIERS[qualifier] ?? `date ${qualifier}`, from, to };
}

/** DMG*D8*19630519*M → date of birth and gender. */
export function readDemographics(
  s: Segment,
  warnings: X12Warning[],
): { dateOfBirth: string | null; gender: 'female' | 'male' | 'unknown' | null } {
  const raw = el(s, 2);
  const dateOfBirth = raw === '' ? null : readD8(raw);
  if (raw !== '' && dateOfBirth === null) {
    warnings.push({
      code: 'BAD_VALUE',
      message: `${at(s.position, 'DMG')}: date of birth "${raw}" is not a real date; it was skipped.`,
      segment: s.position,
    });
  }
  const g = el(s, 3);
  const gender = g === 'F' ? 'female' : g === 'M' ? 'male' : g === 'U' ? 'unknown' : null;
  return { dateOfBirth, gender };
}

export function readTrace(s: Segment): {
  type: 'current' | 'referenced';
  number: string;
  assignedBy: string | null;
} {
  return {
    type: el(s, 1) === '2' ? 'referenced' : 'current',
    number: el(s, 2),
    assignedBy: orNull(el(s, 3)),
  };
}

const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;

/** "10.00" → 10, "5956.09" → 5956.09; rounded to cents. */
export function readAmount(s: Segment, n: number, warnings: X12Warning[]): number | null {
  const raw = el(s, n);
  if (raw === '') return null;
  if (!DECIMAL.test(raw)) {
    warnings.push({
      code: 'BAD_VALUE',
      message: `${at(s.position, s.id)}: amount "${raw}" is not a number; it was ignored.`,
      segment: s.position,
    });
    return null;
  }
  return Math.round(Number(raw) * 100) / 100;
}

export function readQuantity(s: Segment, n: number, warnings: X12Warning[]): number | null {
  const raw = el(s, n);
  if (raw === '') return null;
  if (!DECIMAL.test(raw)) {
    warnings.push({
      code: 'BAD_VALUE',
      message: `${at(s.position, s.id)}: quantity "${raw}" is not a number; it was ignored.`,
      segment: s.position,
    });
    return null;
  }
  return Number(raw);
}

/**
 * EB08 is a fraction in X12 (".2" is 20 %). Some payers send "20" for 20 %; a value above 1 and
 * up to 100 is read as a whole percentage, with a warning, because no plan charges 2000 %.
 */
export function readPercent(s: Segment, n: number, warnings: X12Warning[]): number | null {
  const value = readQuantity(s, n, warnings);
  if (value === null) return null;
  if (value >= 0 && value <= 1) return value;
  if (value > 1 && value <= 100) {
    warnings.push({
      code: 'BAD_VALUE',
      message: `${at(s.position, s.id)}: percentage "${el(s, n)}" should be a fraction; read as ${value} %.`,
      segment: s.position,
    });
    return Math.round(value * 100) / 10000;
  }
  warnings.push({
    code: 'BAD_VALUE',
    message: `${at(s.position, s.id)}: percentage "${el(s, n)}" is impossible; it was ignored.`,
    segment: s.position,
  });
  return null;
}
