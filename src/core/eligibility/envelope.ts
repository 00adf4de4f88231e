/**
 * The X12 envelope around a 270 or 271: ISA/IEA, GS/GE and ST/SE, their control numbers and
 * counts, and the implementation version. Shared by parse270 and parse271.
 */
import { at, X12Error, type X12Warning } from './errors';
import { el, tokenize, type Delimiters, type Segment } from './tokenizer';

export const VERSION_5010 = '005010X279A1';

export interface InterchangeInfo {
  /** ISA13, exactly as sent (9 digits with leading zeros). */
  controlNumber: string;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** ISA09 as YYYY-MM-DD (ISA dates are YYMMDD; read as 20YY), null when unreadable. */
  date: string | null;
  /** ISA10 as HH:MM, null when unreadable. */
  time: string | null;
  /** ISA12, e.g. "00501". */
  envelopeVersion: string;
  /** ISA15 T = test data, P = production. */
  test: boolean;
}

export interface GroupInfo {
  /** GS01: HS for 270 groups, HB for 271 groups. */
  functionalId: string;
  senderCode: string;
  receiverCode: string;
  /** GS06. */
  controlNumber: string;
  /** GS08, or null when missing. */
  version: string | null;
}

export interface TransactionSet {
  /** ST01: "270" or "271". */
  type: string;
  /** ST02. */
  controlNumber: string;
  /** ST03, else GS08, else assumed from ISA12 (with a warning). */
  version: string;
  /** Segments between ST and SE, exclusive. */
  body: Segment[];
  group: GroupInfo;
}

export interface Envelope {
  delimiters: Delimiters;
  interchange: InterchangeInfo;
  transactionSets: TransactionSet[];
  warnings: X12Warning[];
}

const TRANSACTION_NAMES: Readonly<Record<string, string>> = {
  '270': 'an eligibility request (270)',
  '271': 'an eligibility response (271)',
  '276': 'a claim status request (276)',
  '277': 'a claim status response (277)',
  '278': 'a prior authorization (278)',
  '834': 'an enrollment file (834)',
  '835': 'a remittance advice (835)',
  '837': 'a claim (837)',
  '999': 'an acknowledgment (999)',
};

/** CCYYMMDD -> YYYY-MM-DD, or null when it is not a real date ("Birth Date", "20230231"). */
export function readD8(value: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  return day > last ? null : `${y}-${mo}-${d}`;
}

function readIsaDate(yymmdd: string): string | null {
  return /^\d{6}$/.test(yymmdd) ? readD8(`20${yymmdd}`) : null;
}

export function readHhmm(value: string): string | null {
  const m = /^([01]\d|2[0-3])([0-5]\d)/.exec(value);
  return m ? `${m[1]}:${m[2]}` : null;
}

function readInterchange(isa: Segment): InterchangeInfo {
  return {
    controlNumber: el(isa, 13),
    senderQualifier: el(isa, 5),
    senderId: el(isa, 6),
    receiverQualifier: el(isa, 7),
    receiverId: el(isa, 8),
    date: readIsaDate(el(isa, 9)),
    time: readHhmm(el(isa, 10)),
    envelopeVersion: el(isa, 12),
    test: el(isa, 15) === 'T',
  };
}

function unsupported(version: string, st: Segment): X12Error {
  const legacy = version.startsWith('00401');
  return new X12Error(
    'UNSUPPORTED_VERSION',
    legacy
      ? `unsupported version 004010 (${version}): this file uses the X12 4010 format retired in ` +
          '2012. ClinicDesk reads 5010 (005010X279A1) eligibility files only; ask the sender (payer or ' +
          'clearinghouse) for the 5010 version.'
      : `unsupported version ${version}: ClinicDesk reads 5010 (005010X279A1) eligibility files only.`,
    { segment: st.position, segmentId: 'ST' },
  );
}

function resolveVersion(
  st: Segment,
  group: GroupInfo,
  interchange: InterchangeInfo,
  warnings: X12Warning[],
): string {
  const st03 = el(st, 3);
  const gs08 = group.version ?? '';
  // ST03 overrides GS08 (X12 rule); a 5010 set inside a 4010 envelope is read as 5010.
  if (st03 && gs08 && st03.slice(0, 6) !== gs08.slice(0, 6)) {
    warnings.push({
      code: 'VERSION_MIXED',
      message: `The group header says ${gs08} but the transaction set says ${st03}; read as ${st03}.`,
      segment: st.position,
    });
  }
  let version = st03 || gs08;
  if (version === '') {
    if (!interchange.envelopeVersion.startsWith('00501')) {
      throw unsupported(interchange.envelopeVersion === '00401' ? '004010' : 'unknown', st);
    }
    version = VERSION_5010;
    warnings.push({
      code: 'VERSION_MISSING',
      message: `Neither GS08 nor ST03 names the version; the 00501 envelope is read as ${VERSION_5010}.`,
      segment: st.position,
    });
  }
  if (!version.startsWith('005010X279')) throw unsupported(version, st);
  return version;
}

function checkTransactionType(st: Segment, expected: '270' | '271'): void {
  const type = el(st, 1);
  if (type === expected) return;
  const what = TRANSACTION_NAMES[type] ?? `an X12 ${type || '(unnamed)'} transaction`;
  throw new X12Error('WRONG_TRANSACTION', `This is ${what}, not ${TRANSACTION_NAMES[expected]}.`, {
    segment: st.position,
    segmentId: 'ST',
  });
}

interface OpenSet {
  st: Segment;
  body: Segment[];
  group: GroupInfo;
  version: string;
}

interface Walk {
  warnings: X12Warning[];
  sets: TransactionSet[];
  group: GroupInfo | null;
  groupSets: number;
  open: OpenSet | null;
  sawIea: boolean;
}

function closeSet(w: Walk, se: Segment) {
  const open = w.open!;
  const count = open.body.length + 2;
  const declared = el(se, 1);
  if (declared !== String(count)) {
    w.warnings.push({
      code: 'SEGMENT_COUNT',
      message:
        `${at(se.position, 'SE')}: SE01 says ${declared || '(nothing)'} segments but the ` +
        `transaction set has ${count}; the benefits were read anyway.`,
      segment: se.position,
    });
  }
  const stControl = el(open.st, 2);
  if (el(se, 2) !== stControl) {
    w.warnings.push({
      code: 'CONTROL_NUMBER_MISMATCH',
      message: `${at(se.position, 'SE')}: SE02 is ${el(se, 2) || '(nothing)'} but ST02 is ${stControl}.`,
      segment: se.position,
    });
  }
  w.sets.push({
    type: el(open.st, 1),
    controlNumber: stControl,
    version: open.version,
    body: open.body,
    group: open.group,
  });
  w.groupSets++;
  w.open = null;
}

function closeGroup(w: Walk, ge: Segment) {
  const group = w.group!;
  if (el(ge, 2) !== group.controlNumber) {
    w.warnings.push({
      code: 'CONTROL_NUMBER_MISMATCH',
      message: `${at(ge.position, 'GE')}: GE02 is ${el(ge, 2)} but GS06 is ${group.controlNumber}.`,
      segment: ge.position,
    });
  }
  if (el(ge, 1) !== String(w.groupSets)) {
    w.warnings.push({
      code: 'SEGMENT_COUNT',
      message: `${at(ge.position, 'GE')}: GE01 says ${el(ge, 1)} transaction sets but the group has ${w.groupSets}.`,
      segment: ge.position,
    });
  }
  w.group = null;
}

export function readEnvelope(x12: unknown, expected: '270' | '271'): Envelope {
  const doc = tokenize(x12);
  const [isa, ...rest] = doc.segments;
  const interchange = readInterchange(isa!);
  const w: Walk = { warnings: [], sets: [], group: null, groupSets: 0, open: null, sawIea: false };
  for (const s of rest) {
    if (w.sawIea) {
      throw new X12Error(
        'MALFORMED_SEGMENT',
        `${at(s.position, s.id)}: comes after IEA, the end of the interchange. Send one interchange per file.`,
        { segment: s.position, segmentId: s.id },
      );
    }
    if (
      w.open &&
      s.id !== 'SE' &&
      s.id !== 'ST' &&
      s.id !== 'GE' &&
      s.id !== 'IEA' &&
      s.id !== 'ISA' &&
      s.id !== 'GS'
    ) {
      w.open.body.push(s);
      continue;
    }
    switch (s.id) {
      case 'GS':
        if (w.open) throw cutShort(w.open, s);
        w.group = {
          functionalId: el(s, 1),
          senderCode: el(s, 2),
          receiverCode: el(s, 3),
          controlNumber: el(s, 6),
          version: el(s, 8) || null,
        };
        w.groupSets = 0;
        break;
      case 'ST':
        if (w.open) throw cutShort(w.open, s);
        if (!w.group) {
          throw new X12Error(
            'MISSING_SEGMENT',
            `${at(s.position, 'ST')}: there is no GS (functional group header) before it.`,
            { segment: s.position, segmentId: 'ST' },
          );
        }
        // Type and version are checked here, before the body: a 4010 file that is also cut
        // short should still be told it is 4010.
        checkTransactionType(s, expected);
        w.open = {
          st: s,
          body: [],
          group: w.group,
          version: resolveVersion(s, w.group, interchange, w.warnings),
        };
        break;
      case 'SE':
        if (!w.open) throw outside(s);
        closeSet(w, s);
        break;
      case 'GE':
        if (w.open) throw cutShort(w.open, s);
        if (!w.group) throw outside(s);
        closeGroup(w, s);
        break;
      case 'IEA':
        if (w.open) throw cutShort(w.open, s);
        if (el(s, 2) !== interchange.controlNumber) {
          w.warnings.push({
            code: 'CONTROL_NUMBER_MISMATCH',
            message: `${at(s.position, 'IEA')}: IEA02 is ${el(s, 2)} but ISA13 is ${interchange.controlNumber}.`,
            segment: s.position,
          });
        }
        w.sawIea = true;
        break;
      default:
        throw outside(s);
    }
  }
  if (w.open) throw cutShort(w.open, null);
  if (w.sets.length === 0) {
    throw new X12Error(
      'MISSING_SEGMENT',
      'The file has an ISA header but no transaction set (ST … SE): it holds no eligibility data.',
    );
  }
  if (w.group || !w.sawIea) {
    w.warnings.push({
      code: 'MISSING_TRAILER',
      message: `The file ends without ${w.group ? 'GE and IEA' : 'IEA'}; the complete transaction set before it was read.`,
      segment: null,
    });
  }
  return { delimiters: doc.delimiters, interchange, transactionSets: w.sets, warnings: w.warnings };
}

function cutShort(open: OpenSet, next: Segment | null): X12Error {
  const where = next ? `${at(next.position, next.id)} comes` : 'the file ends';
  return new X12Error(
    'MISSING_SEGMENT',
    `Transaction set ${el(open.st, 2)} (started at segment ${open.st.position}) has no SE: ${where} ` +
      'before it closes. The file was probably cut short; ask the clearinghouse to send it again.',
    next
      ? { segment: next.position, segmentId: next.id }
      : { segment: open.st.position, segmentId: 'ST' },
  );
}

function outside(s: Segment): X12Error {
  return new X12Error(
    'MALFORMED_SEGMENT',
    `${at(s.position, s.id)}: is outside a transaction set (between ST and SE), where X12 does not allow it.`,
    { segment: s.position, segmentId: s.id },
  );
}
