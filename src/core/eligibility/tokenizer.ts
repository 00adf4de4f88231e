/**
 * X12 tokenizer: text -> delimiters + segments of trimmed element strings.
 *
 * Why our own and not the npm package `node-x12` (1.7.1, inspected with `npm pack`, not
 * installed): it reads the delimiters at fixed offsets (3, 82, 104, 105), so a file that starts
 * with a byte-order mark — five files in our corpus — throws an untyped TypeError; it takes ISA11
 * as the repetition separator even in a 4010 envelope where ISA11 is the standards id "U"; it
 * rewrites ISA13 and IEA02 through parseInt ("000000907" becomes "907"), which breaks the control
 * number checks we need; it keeps trailing blanks inside values ("004010X092A1 " in the Texas
 * Medicaid file); and its 129 kB carry a stream parser, a query engine and a Liquid mapper we do
 * not use. The rules we need fit in this file: the element separator is the 4th character, ISA16
 * is the component separator, the character after ISA16 ends every segment (often "~", but also
 * 0x1D or a bare CR), and ISA11 is the repetition separator from version 00402 on.
 */
import { X12Error, at } from './errors';

export interface Delimiters {
  element: string;
  /** ISA11 in 00402+ envelopes; null in older ones, where ISA11 is the standards id "U". */
  repetition: string | null;
  component: string;
  segment: string;
}

export interface Segment {
  /** Segment name: ISA, GS, EB, … */
  id: string;
  /** elements[0] is the name, elements[n] is the n-th data element, trimmed ("" when empty). */
  elements: string[];
  /** 1-based position in the file; ISA is 1. */
  position: number;
}

export interface X12Document {
  delimiters: Delimiters;
  segments: Segment[];
}

/** ISA is fixed-width: 106 characters including its segment terminator. */
export const ISA_LENGTH = 106;

const SEGMENT_NAME = /^[A-Z][A-Z0-9]{1,2}$/;
// Control characters other than tab, LF and CR: binary junk or a damaged transfer.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFD]/;

/** Like CONTROL.test, but a delimiter may itself be a control character (0x1D, 0x1F, …). */
function hasJunk(text: string, d: Delimiters): boolean {
  if (!CONTROL.test(text)) return false;
  for (const ch of text) {
    if (!CONTROL.test(ch)) continue;
    if (ch !== d.element && ch !== d.component && ch !== d.repetition && ch !== d.segment)
      return true;
  }
  return false;
}
const ALNUM = /[A-Za-z0-9]/;

export const el = (s: Segment, n: number): string => s.elements[n] ?? '';

/** Splits a repeating element ("1^33^35"), dropping empty repeats. */
export function repeats(value: string, d: Delimiters): string[] {
  if (value === '') return [];
  const parts = d.repetition === null ? [value] : value.split(d.repetition);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Splits a composite element ("HC:99213"). */
export function components(value: string, d: Delimiters): string[] {
  return value === '' ? [] : value.split(d.component).map((p) => p.trim());
}

function shown(s: string): string {
  const printable = s.replace(/[^\x20-\x7E]/g, '?').slice(0, 20);
  return JSON.stringify(printable);
}

function findIsa(text: string, start: number): { end: number; element: string } {
  const element = text[start + 3];
  if (element === undefined) {
    throw new X12Error('BAD_ISA', 'The ISA header is cut short: the file ends after "ISA".', {
      segment: 1,
      segmentId: 'ISA',
    });
  }
  if (ALNUM.test(element) || /\s/.test(element)) {
    throw new X12Error(
      'BAD_ISA',
      `ISA must be followed by its element separator (usually "*"), not ${shown(element)}.`,
      { segment: 1, segmentId: 'ISA' },
    );
  }
  // The 16th separator precedes ISA16; the character after ISA16 is the segment terminator.
  let p = start + 3;
  for (let n = 1; n < 16; n++) {
    p = text.indexOf(element, p + 1);
    if (p === -1) {
      throw new X12Error(
        'BAD_ISA',
        `The ISA header is cut short: it has ${n} of its 16 fields. The file was probably ` +
          'truncated; ask the clearinghouse to send it again.',
        { segment: 1, segmentId: 'ISA' },
      );
    }
  }
  if (p + 2 >= text.length) {
    throw new X12Error(
      'BAD_ISA',
      'The ISA header is cut short: the file ends before its last field and segment terminator.',
      { segment: 1, segmentId: 'ISA' },
    );
  }
  const length = p + 3 - start;
  if (length !== ISA_LENGTH) {
    throw new X12Error(
      'BAD_ISA',
      `ISA is ${length} characters; it must be ${ISA_LENGTH} (its fields are fixed-width and ` +
        'padded with spaces). The sender built a damaged header.',
      { segment: 1, segmentId: 'ISA' },
    );
  }
  return { end: p + 2, element };
}

function readDelimiters(isaText: string, element: string, terminator: string): Delimiters {
  const fields = isaText.split(element);
  const component = fields[16] ?? '';
  const bad = (what: string, ch: string) =>
    new X12Error(
      'BAD_ISA',
      `The ISA header names ${shown(ch)} as the ${what}, which X12 forbids.`,
      {
        segment: 1,
        segmentId: 'ISA',
      },
    );
  if (component.length !== 1 || ALNUM.test(component) || component === element || component === ' ')
    throw bad('component separator (ISA16)', component);
  if (ALNUM.test(terminator) || terminator === element || terminator === ' ')
    throw bad('segment terminator', terminator);
  const isa11 = fields[11] ?? '';
  const isa12 = (fields[12] ?? '').trim();
  // ISA11 became the repetition separator in 00402; before that it is the standards id "U".
  const repetition =
    isa12 >= '00402' &&
    isa11.length === 1 &&
    !ALNUM.test(isa11) &&
    isa11 !== element &&
    isa11 !== terminator &&
    isa11 !== ' '
      ? isa11
      : null;
  return { element, repetition, component, segment: terminator };
}

export function tokenize(x12: unknown): X12Document {
  if (typeof x12 !== 'string') {
    throw new X12Error('NOT_X12', 'The eligibility response must be text.');
  }
  let start = x12.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < x12.length && /\s/.test(x12[start]!)) start++;
  if (start >= x12.length) {
    throw new X12Error('EMPTY_FILE', 'The file is empty — there is no eligibility response in it.');
  }
  if (!x12.startsWith('ISA', start)) {
    const head = x12.slice(start, start + 200);
    throw new X12Error(
      'NOT_X12',
      CONTROL.test(head)
        ? 'This is not an X12 file: it holds binary data. Check that the right file was chosen.'
        : `This is not an X12 file: it must start with "ISA" but starts with ${shown(head)}.`,
    );
  }
  const isa = findIsa(x12, start);
  const isaText = x12.slice(start, isa.end);
  const delimiters = readDelimiters(isaText, isa.element, x12[isa.end]!);
  if (hasJunk(isaText, delimiters)) {
    throw new X12Error('BAD_ISA', 'The ISA header holds binary data; the file is damaged.', {
      segment: 1,
      segmentId: 'ISA',
    });
  }
  const segments: Segment[] = [
    {
      id: 'ISA',
      elements: isaText.split(isa.element).map((e) => e.trim()),
      position: 1,
    },
  ];
  const pieces = x12.slice(isa.end + 1).split(delimiters.segment);
  for (const piece of pieces) {
    const text = piece.trim();
    if (text === '') continue;
    const position = segments.length + 1;
    const elements = text.split(delimiters.element).map((e) => e.trim());
    const id = elements[0]!;
    if (!SEGMENT_NAME.test(id)) {
      throw new X12Error(
        'MALFORMED_SEGMENT',
        `segment ${position}: ${shown(id)} is not a segment name — the file is damaged or ` +
          'not X12 past this point.',
        { segment: position },
      );
    }
    if (hasJunk(text, delimiters)) {
      throw new X12Error(
        'MALFORMED_SEGMENT',
        `${at(position, id)}: holds unreadable control characters (binary data); the file is ` +
          'damaged.',
        { segment: position, segmentId: id },
      );
    }
    segments.push({ id, elements, position });
  }
  return { delimiters, segments };
}
