import { describe, expect, it } from 'vitest';
import { X12Error } from './errors';
import { components, el, repeats, tokenize } from './tokenizer';
import { wrap271 } from './testSupport';

const sample = wrap271(['EB*1**30^98**GOLD PLAN']);

function errorOf(fn: () => unknown): X12Error {
  try {
    fn();
  } catch (e) {
    if (e instanceof X12Error) return e;
    throw new Error(`expected an X12Error, got ${String(e)}`);
  }
  throw new Error('expected an X12Error, got none');
}

describe('delimiters come from the ISA', () => {
  it('reads element, repetition, component and segment separators', () => {
    const doc = tokenize(sample);
    expect(doc.delimiters).toEqual({ element: '*', repetition: '^', component: ':', segment: '~' });
    expect(doc.segments[0]!.id).toBe('ISA');
    expect(el(doc.segments[0]!, 13)).toBe('000000907');
    const eb = doc.segments.find((s) => s.id === 'EB')!;
    expect(repeats(el(eb, 3), doc.delimiters)).toEqual(['30', '98']);
  });

  it('accepts other characters, a 0x1D terminator, CRLF, indentation and a byte-order mark', () => {
    const odd = sample.replace(/\*/g, '|').replace(/~\n/g, '\x1D\r\n    ').replace('|^|', '|{|');
    const doc = tokenize(`\uFEFF${odd}`);
    expect(doc.delimiters).toEqual({
      element: '|',
      repetition: '{',
      component: ':',
      segment: '\x1D',
    });
    expect(doc.segments.map((s) => s.id)).toEqual(tokenize(sample).segments.map((s) => s.id));
  });

  it('reads a bare CR as the terminator and trims trailing blanks (Texas Medicaid style)', () => {
    const crlf = sample.replace('~\n', '\r\n').replace(/~\n/g, ' \r\n');
    const doc = tokenize(crlf);
    expect(doc.delimiters.segment).toBe('\r');
    expect(doc.segments.length).toBe(tokenize(sample).segments.length);
    expect(el(doc.segments[1]!, 8)).toBe('005010X279A1');
  });

  it('has no repetition separator in a 4010 envelope, where ISA11 is "U"', () => {
    const doc = tokenize(sample.replace('*^*00501*', '*U*00401*'));
    expect(doc.delimiters.repetition).toBeNull();
    expect(repeats('30^98', doc.delimiters)).toEqual(['30^98']);
  });

  it('splits composites on the component separator', () => {
    expect(components('HC:99213', tokenize(sample).delimiters)).toEqual(['HC', '99213']);
  });

  it('numbers segments from ISA = 1 across line breaks', () => {
    const doc = tokenize(sample);
    expect(doc.segments.map((s) => s.position)).toEqual(doc.segments.map((_, i) => i + 1));
  });
});

describe('bad input gives a typed error, never a crash', () => {
  it.each([
    ['', 'EMPTY_FILE', 'The file is empty'],
    ['\uFEFF \r\n\t', 'EMPTY_FILE', 'The file is empty'],
    ['\x00\x01\x02PK\x03\x04 binary', 'NOT_X12', 'binary data'],
    ['Hello, this is a letter', 'NOT_X12', 'must start with "ISA"'],
    ['ISA*00*          *00*   ', 'BAD_ISA', 'it has 4 of its 16 fields'],
    ['ISA', 'BAD_ISA', 'cut short'],
    ['ISAX00', 'BAD_ISA', 'element separator'],
  ])('%j → %s', (input, code, text) => {
    const e = errorOf(() => tokenize(input));
    expect(e.code).toBe(code);
    expect(e.message).toContain(text);
  });

  it('rejects a non-string with NOT_X12', () => {
    expect(errorOf(() => tokenize(42)).code).toBe('NOT_X12');
  });

  it('says how long a wrong-length ISA is', () => {
    const short = sample.replace('CLEARINGHOUSE  ', 'CLEARINGHOUSE');
    const e = errorOf(() => tokenize(short));
    expect(e.code).toBe('BAD_ISA');
    expect(e.message).toMatch(/^ISA is 104 characters; it must be 106/);
    expect(e.segment).toBe(1);
  });

  it('names the segment and position of binary junk after the header', () => {
    const junk = sample.replace('DMG*D8*19630519*M', 'DMG*D8*1963\x00\x01*M');
    const e = errorOf(() => tokenize(junk));
    expect(e.code).toBe('MALFORMED_SEGMENT');
    expect(e.message).toMatch(/^segment 11 \(DMG\): holds unreadable control characters/);
    expect(e.toJSON()).toMatchObject({ segment: 11, segmentId: 'DMG' });
  });

  it('names a segment whose name is not a segment name', () => {
    const e = errorOf(() => tokenize(sample.replace('DMG*D8', 'dmg*D8')));
    expect(e.message).toMatch(/^segment 11: "dmg" is not a segment name/);
  });
});
