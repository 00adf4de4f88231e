/**
 * 270 eligibility inquiry builder (005010X279A1). Pure: the caller passes the control numbers and
 * the creation date and time. Control numbers must be unique per trading partner and survive a
 * restart, so they are the caller's to allocate and persist (the eligibility service does that in
 * the database); this function only checks their range and formats them.
 */
import { invalidInput } from './errors';
import { VERSION_5010 } from './envelope';
import { isServiceTypeCode } from './serviceTypes';

export interface X12Address {
  line1: string;
  line2?: string | null;
  city: string;
  /** Two-letter state code. */
  state: string;
  /** 5 or 9 digits. */
  postalCode: string;
}

export interface Eligibility270Request {
  /**
   * Allocated and persisted by the caller, never reused. interchange → ISA13/IEA02 (1–999999999,
   * sent as 9 digits); group → GS06/GE02; transactionSet → ST02/SE02 (defaults to 1, "0001").
   */
  controlNumbers: { interchange: number; group: number; transactionSet?: number };
  /** ISA05/ISA06: the clinic's id with the clearinghouse; qualifier defaults to "ZZ". */
  sender: { qualifier?: string; id: string };
  /** ISA07/ISA08: the clearinghouse or payer. */
  receiver: { qualifier?: string; id: string };
  /** GS02/GS03; default to the ISA ids. */
  applicationSenderCode?: string;
  applicationReceiverCode?: string;
  /** ISA15: P or T. */
  usage: 'production' | 'test';
  /** When the request is made, in the clinic's zone: date YYYY-MM-DD, time HH:MM. */
  createdAt: { date: string; time: string };
  /** BHT03 and TRN02: our reference, echoed back in the 271. */
  reference: string;
  /** TRN03: "1" followed by the clinic's 9-digit EIN, identifying who assigned the trace. */
  traceAssignedBy: string;
  payer: { name: string; id: string };
  provider: {
    organizationName?: string | null;
    lastName?: string | null;
    firstName?: string | null;
    npi: string;
    /** NUCC taxonomy code, sent as PRV*PE*PXC. */
    taxonomy?: string | null;
    address?: X12Address | null;
  };
  subscriber: {
    memberId: string;
    lastName: string;
    firstName: string;
    middleName?: string | null;
    suffix?: string | null;
    dateOfBirth: string;
    gender?: 'F' | 'M' | 'U' | null;
    groupNumber?: string | null;
    address?: X12Address | null;
  };
  /** The patient when the patient is not the subscriber (and has no ID of their own). */
  dependent?: {
    lastName: string;
    firstName: string;
    middleName?: string | null;
    suffix?: string | null;
    dateOfBirth: string;
    gender?: 'F' | 'M' | 'U' | null;
  } | null;
  /** DTP*291: the date of the visit. */
  serviceDate: string;
  /** EQ01 codes, e.g. serviceTypesForVisit(...) → ["30", "98"]. */
  serviceTypes: string[];
  /** Put each segment on its own line (for reading); clearinghouses accept both. */
  lineBreaks?: boolean;
}

const D = { element: '*', repetition: '^', component: ':', segment: '~' } as const;
// Our own separators and control characters: a name holding one would split the segment.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[*~^:\x00-\x1F\x7F]/;

function text(
  field: string,
  value: string | null | undefined,
  max: number,
  required = true,
): string {
  const v = (value ?? '').trim();
  if (v === '') {
    if (required) throw invalidInput(field, `${field} is required.`);
    return '';
  }
  if (FORBIDDEN.test(v)) {
    throw invalidInput(
      field,
      `${field} "${v}" contains one of * ~ ^ : or a control character, which X12 uses as separators.`,
    );
  }
  if (v.length > max)
    throw invalidInput(field, `${field} is too long (at most ${max} characters).`);
  return v;
}

function controlNumber(field: string, n: number | undefined): number {
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > 999_999_999) {
    throw invalidInput(field, `${field} must be a whole number from 1 to 999999999.`);
  }
  return n;
}

function d8(field: string, date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  const valid =
    m !== null &&
    (() => {
      const dt = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return dt.getUTCMonth() === Number(m[2]) - 1 && dt.getUTCDate() === Number(m[3]);
    })();
  if (!valid) throw invalidInput(field, `${field} must be a real date written YYYY-MM-DD.`);
  return `${m![1]}${m![2]}${m![3]}`;
}

function hhmm(field: string, time: string): string {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time ?? '');
  if (!m) throw invalidInput(field, `${field} must be a time written HH:MM.`);
  return `${m[1]}${m[2]}`;
}

/** NPI check digit: Luhn over "80840" + the first nine digits. */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi.slice(0, 9)}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === Number(npi[9]);
}

const padIsa = (value: string, width: number) => value.padEnd(width, ' ').slice(0, width);

function addressSegments(field: string, a: X12Address | null | undefined): string[][] {
  if (!a) return [];
  const line2 = text(`${field}.line2`, a.line2, 55, false);
  const state = text(`${field}.state`, a.state, 2).toUpperCase();
  if (!/^[A-Z]{2}$/.test(state))
    throw invalidInput(`${field}.state`, `${field}.state must be a two-letter state code.`);
  const zip = text(`${field}.postalCode`, a.postalCode, 10).replace('-', '');
  if (!/^\d{5}(\d{4})?$/.test(zip)) {
    throw invalidInput(
      `${field}.postalCode`,
      `${field}.postalCode must be a 5- or 9-digit ZIP code.`,
    );
  }
  const n3 = ['N3', text(`${field}.line1`, a.line1, 55)];
  if (line2) n3.push(line2);
  return [n3, ['N4', text(`${field}.city`, a.city, 30), state, zip]];
}

function gender(field: string, g: 'F' | 'M' | 'U' | null | undefined): string {
  if (g === null || g === undefined) return '';
  if (g !== 'F' && g !== 'M' && g !== 'U') throw invalidInput(field, `${field} must be F, M or U.`);
  return g;
}

function serviceTypeCodes(codes: string[]): string[] {
  if (!Array.isArray(codes) || codes.length === 0) {
    throw invalidInput('serviceTypes', 'serviceTypes needs at least one code, e.g. "30".');
  }
  if (codes.length > 99) throw invalidInput('serviceTypes', 'serviceTypes holds at most 99 codes.');
  for (const c of codes) {
    if (!isServiceTypeCode(c))
      throw invalidInput('serviceTypes', `"${c}" is not an X12 service type code.`);
  }
  return [...new Set(codes)];
}

/** Trailing empty elements are dropped: X12 forbids "NM1*IL*1*DOE*JANE****~". */
function segment(elements: string[]): string {
  let end = elements.length;
  while (end > 1 && elements[end - 1] === '') end--;
  return elements.slice(0, end).join(D.element);
}

function inquirySegments(req: Eligibility270Request): string[][] {
  return [
    ['DTP', '291', 'D8', d8('serviceDate', req.serviceDate)],
    // One EQ (one 2110 loop) per code. 5010 also allows repeating EQ01 ("EQ*30^98"); both are
    // valid, and separate loops keep each code visible to a payer that reads only EQ01's first
    // repetition. Switch here if a clearinghouse asks for the other form.
    ...serviceTypeCodes(req.serviceTypes).map((code) => ['EQ', code]),
  ];
}

export function build270(req: Eligibility270Request): string {
  const interchange = controlNumber('controlNumbers.interchange', req.controlNumbers?.interchange);
  const group = controlNumber('controlNumbers.group', req.controlNumbers?.group);
  const setNumber = controlNumber(
    'controlNumbers.transactionSet',
    req.controlNumbers?.transactionSet ?? 1,
  );
  const date = d8('createdAt.date', req.createdAt?.date);
  const time = hhmm('createdAt.time', req.createdAt?.time);
  const senderId = text('sender.id', req.sender?.id, 15);
  const receiverId = text('receiver.id', req.receiver?.id, 15);
  const senderQ = text('sender.qualifier', req.sender?.qualifier ?? 'ZZ', 2);
  const receiverQ = text('receiver.qualifier', req.receiver?.qualifier ?? 'ZZ', 2);
  if (req.usage !== 'production' && req.usage !== 'test') {
    throw invalidInput('usage', 'usage must be "production" or "test".');
  }
  const reference = text('reference', req.reference, 30);
  const traceAssignedBy = text('traceAssignedBy', req.traceAssignedBy, 10);
  if (!/^[0-9A-Z]{10}$/.test(traceAssignedBy)) {
    throw invalidInput(
      'traceAssignedBy',
      'traceAssignedBy must be 10 characters: "1" and the 9-digit EIN.',
    );
  }
  const npi = text('provider.npi', req.provider?.npi, 10);
  if (!isValidNpi(npi))
    throw invalidInput(
      'provider.npi',
      `provider.npi "${npi}" is not a valid NPI (10 digits with a check digit).`,
    );
  const p = req.provider;
  const org = text('provider.organizationName', p.organizationName, 60, false);
  const providerName = org
    ? ['NM1', '1P', '2', org, '', '', '', '', 'XX', npi]
    : [
        'NM1',
        '1P',
        '1',
        text('provider.lastName', p.lastName, 60),
        text('provider.firstName', p.firstName, 35),
        '',
        '',
        '',
        'XX',
        npi,
      ];
  const taxonomy = text('provider.taxonomy', p.taxonomy, 10, false);
  const sub = req.subscriber;
  const dep = req.dependent ?? null;
  const patientField = dep ? 'dependent' : 'subscriber';
  const patientDob = d8(`${patientField}.dateOfBirth`, (dep ?? sub).dateOfBirth);
  if (patientDob > d8('serviceDate', req.serviceDate)) {
    throw invalidInput(
      `${patientField}.dateOfBirth`,
      `${patientField}.dateOfBirth is after the date of service.`,
    );
  }
  const trn = ['TRN', '1', reference, traceAssignedBy];
  const subscriberName = [
    'NM1',
    'IL',
    '1',
    text('subscriber.lastName', sub.lastName, 60),
    text('subscriber.firstName', sub.firstName, 35),
    text('subscriber.middleName', sub.middleName, 25, false),
    '',
    text('subscriber.suffix', sub.suffix, 10, false),
    'MI',
    text('subscriber.memberId', sub.memberId, 80),
  ];
  const groupNumber = text('subscriber.groupNumber', sub.groupNumber, 50, false);

  const body: string[][] = [
    ['BHT', '0022', '13', reference, date, time],
    ['HL', '1', '', '20', '1'],
    [
      'NM1',
      'PR',
      '2',
      text('payer.name', req.payer?.name, 60),
      '',
      '',
      '',
      '',
      'PI',
      text('payer.id', req.payer?.id, 80),
    ],
    ['HL', '2', '1', '21', '1'],
    providerName,
    ...addressSegments('provider.address', p.address),
    ...(taxonomy ? [['PRV', 'PE', 'PXC', taxonomy]] : []),
    ['HL', '3', '2', '22', dep ? '1' : '0'],
    ...(dep ? [] : [trn]),
    subscriberName,
    ...(groupNumber ? [['REF', '6P', groupNumber]] : []),
    ...addressSegments('subscriber.address', sub.address),
  ];
  if (dep) {
    body.push([
      'DMG',
      'D8',
      d8('subscriber.dateOfBirth', sub.dateOfBirth),
      gender('subscriber.gender', sub.gender),
    ]);
    body.push(
      ['HL', '4', '3', '23', '0'],
      trn,
      [
        'NM1',
        '03',
        '1',
        text('dependent.lastName', dep.lastName, 60),
        text('dependent.firstName', dep.firstName, 35),
        text('dependent.middleName', dep.middleName, 25, false),
        '',
        text('dependent.suffix', dep.suffix, 10, false),
      ],
      ['DMG', 'D8', patientDob, gender('dependent.gender', dep.gender)],
      ...inquirySegments(req),
    );
  } else {
    body.push(
      ['DMG', 'D8', patientDob, gender('subscriber.gender', sub.gender)],
      ...inquirySegments(req),
    );
  }

  const st = String(setNumber).padStart(4, '0');
  const gsSender = text('applicationSenderCode', req.applicationSenderCode ?? senderId, 15);
  const gsReceiver = text('applicationReceiverCode', req.applicationReceiverCode ?? receiverId, 15);
  const isa = [
    'ISA',
    '00',
    padIsa('', 10),
    '00',
    padIsa('', 10),
    padIsa(senderQ, 2),
    padIsa(senderId, 15),
    padIsa(receiverQ, 2),
    padIsa(receiverId, 15),
    date.slice(2),
    time,
    D.repetition,
    '00501',
    String(interchange).padStart(9, '0'),
    '0',
    req.usage === 'production' ? 'P' : 'T',
    D.component,
  ].join(D.element);
  const segments = [
    isa,
    segment(['GS', 'HS', gsSender, gsReceiver, date, time, String(group), 'X', VERSION_5010]),
    segment(['ST', '270', st, VERSION_5010]),
    ...body.map(segment),
    segment(['SE', String(body.length + 2), st]),
    segment(['GE', '1', String(group)]),
    segment(['IEA', '1', String(interchange).padStart(9, '0')]),
  ];
  const end = D.segment + (req.lineBreaks ? '\n' : '');
  return segments.join(end) + end;
}
