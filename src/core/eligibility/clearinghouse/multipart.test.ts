import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MultipartError,
  boundaryOf,
  encodeMultipartForm,
  parseMultipart,
  type MultipartPart,
} from './multipart';

const X12_LF = 'ISA*00*          *00~\nGS*HB*A*B~\nST*270*0001~\n';

function fields(parts: MultipartPart[]): Record<string, string> {
  return Object.fromEntries(parts.map((p) => [p.name ?? '(none)', p.value]));
}

describe('writing a CORE form', () => {
  it('keeps every byte of a value, including bare LF and CR that FormData would rewrite', () => {
    const payload = `${X12_LF}\rGS*x~`;
    const { body, contentType } = encodeMultipartForm({
      fields: [
        { name: 'PayloadType', value: 'X12_270_Request_005010X279A1' },
        { name: 'Payload', value: payload },
      ],
      boundary: 'b0',
    });
    expect(contentType).toBe('multipart/form-data; boundary=b0');
    expect(body.toString('latin1')).toBe(
      '--b0\r\nContent-Disposition: form-data; name="PayloadType"\r\n\r\nX12_270_Request_005010X279A1\r\n' +
        `--b0\r\nContent-Disposition: form-data; name="Payload"\r\n\r\n${payload}\r\n--b0--\r\n`,
    );
  });

  it("is read back field for field by Node's own strict multipart reader", async () => {
    const { body, contentType } = encodeMultipartForm({
      fields: [
        { name: 'PayloadID', value: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6' },
        { name: 'Payload', value: X12_LF },
        { name: 'Note', value: 'Zoë — ünïcode' },
      ],
    });
    const form = await new Request('http://x.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(body),
    }).formData();
    expect(form.get('PayloadID')).toBe('f81d4fae-7dec-11d0-a765-00a0c91e6bf6');
    expect(form.get('Payload')).toBe(X12_LF);
    expect(form.get('Note')).toBe('Zoë — ünïcode');
  });

  it('picks a fresh boundary that no value contains', () => {
    const a = encodeMultipartForm({ fields: [{ name: 'A', value: 'x' }] });
    const b = encodeMultipartForm({ fields: [{ name: 'A', value: 'x' }] });
    expect(boundaryOf(a.contentType)).toMatch(/^----ClinicDeskCORE[0-9a-f]{24}$/);
    expect(boundaryOf(a.contentType)).not.toBe(boundaryOf(b.contentType));
  });

  it('refuses a given boundary that a value contains', () => {
    expect(() =>
      encodeMultipartForm({ fields: [{ name: 'A', value: 'x\r\n--b0\r\n' }], boundary: 'b0' }),
    ).toThrow(/contains the multipart boundary "b0"/);
  });

  it('escapes quotes and line breaks in a field name', () => {
    const { body } = encodeMultipartForm({
      fields: [{ name: 'a"b\r\nc', value: 'v' }],
      boundary: 'b0',
    });
    expect(body.toString('latin1')).toContain('name="a%22b%0D%0Ac"');
  });

  it('round-trips any text values through its own reader', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,15}$/),
            value: fc.string({ unit: 'grapheme', maxLength: 60 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (sent) => {
          const { body, contentType } = encodeMultipartForm({ fields: sent });
          const got = parseMultipart({ body, contentType });
          expect(got.map((p) => ({ name: p.name, value: p.value }))).toEqual(sent);
        },
      ),
    );
  });
});

describe('reading a multipart answer', () => {
  const CRLF_BODY =
    '--abc\r\nContent-Disposition: form-data; name="PayloadType"\r\n\r\nX12_271_Response_005010X279A1\r\n' +
    '--abc\r\nContent-Disposition: form-data; name="Payload"\r\n\r\nISA*00~\r\nGS*HB~\r\n' +
    '--abc--\r\n';

  it('reads form-data parts with CRLF line breaks', () => {
    const parts = parseMultipart({
      body: CRLF_BODY,
      contentType: 'multipart/form-data; boundary=abc',
    });
    expect(fields(parts)).toEqual({
      PayloadType: 'X12_271_Response_005010X279A1',
      // The line break before the delimiter belongs to the delimiter; the one inside stays.
      Payload: 'ISA*00~\r\nGS*HB~',
    });
    expect(parts[0]!.headers).toEqual({ 'content-disposition': 'form-data; name="PayloadType"' });
  });

  it('ignores a preamble and an epilogue', () => {
    const body = `This is a preamble; --abc is mentioned here but not at a line start.\r\n${CRLF_BODY}epilogue text\r\n--abc\r\nnot a part\r\n`;
    const parts = parseMultipart({ body, contentType: 'multipart/form-data; boundary=abc' });
    expect(parts.map((p) => p.name)).toEqual(['PayloadType', 'Payload']);
  });

  it('accepts LF-only line breaks', () => {
    const body =
      '--abc\nContent-Disposition: form-data; name="ErrorCode"\n\nSuccess\n' +
      '--abc\nContent-Disposition: form-data; name="Payload"\n\nISA*00~\nIEA*1~\n--abc--\n';
    const parts = parseMultipart({ body, contentType: 'multipart/form-data; boundary=abc' });
    expect(fields(parts)).toEqual({ ErrorCode: 'Success', Payload: 'ISA*00~\nIEA*1~' });
  });

  it('accepts a quoted boundary with characters that need the quotes', () => {
    const contentType = 'Multipart/Form-Data; charset=utf-8; Boundary="gc0p4Jq0M2Yt08j34c0p:=?"';
    expect(boundaryOf(contentType)).toBe('gc0p4Jq0M2Yt08j34c0p:=?');
    const spaced = 'multipart/mixed; boundary="simple boundary"';
    const body =
      'preamble\r\n--simple boundary\r\nContent-Type: text/plain\r\n\r\nfirst\r\n--simple boundary--';
    const parts = parseMultipart({ body, contentType: spaced });
    expect(parts).toHaveLength(1);
    expect(parts[0]!.value).toBe('first');
    expect(parts[0]!.name).toBeNull();
  });

  it('does not end a part at a longer line that merely starts with the boundary', () => {
    const body =
      '--abc\r\nContent-Disposition: form-data; name="Payload"\r\n\r\nline one\r\n--abcdef is data\r\n--abc-x too\r\nline three\r\n--abc--';
    const parts = parseMultipart({ body, contentType: 'multipart/form-data; boundary=abc' });
    expect(parts[0]!.value).toBe('line one\r\n--abcdef is data\r\n--abc-x too\r\nline three');
  });

  it('accepts transport padding after a boundary and a part without headers', () => {
    const body = '--abc  \t\r\n\r\nno headers here\r\n--abc \r\n\r\n\r\n--abc--';
    const parts = parseMultipart({ body, contentType: 'multipart/form-data; boundary=abc' });
    expect(parts.map((p) => [p.name, p.value])).toEqual([
      [null, 'no headers here'],
      [null, ''],
    ]);
  });

  it('reads unquoted names, folded headers, filenames and header names in any case', () => {
    const body =
      '--abc\r\ncontent-DISPOSITION: form-data;\r\n name=Payload; filename="x 1.txt"\r\nX-Note: a\r\n\r\nISA\r\n--abc--';
    const [part] = parseMultipart({ body, contentType: 'multipart/form-data; boundary=abc' });
    expect(part!.name).toBe('Payload');
    expect(part!.filename).toBe('x 1.txt');
    expect(part!.headers['x-note']).toBe('a');
  });

  it('undoes base64 transfer encoding and honours a part charset', () => {
    const x12 = Buffer.from('ISA*00~GS*HB~', 'utf8').toString('base64');
    const body =
      `--abc\r\nContent-Disposition: form-data; name="Payload"\r\nContent-Transfer-Encoding: base64\r\n\r\n${x12.slice(0, 8)}\r\n${x12.slice(8)}\r\n` +
      '--abc\r\nContent-Disposition: form-data; name="Name"\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\n';
    const latin1 = Buffer.concat([
      Buffer.from(body, 'latin1'),
      Buffer.from([0x4a, 0x6f, 0xeb]), // "Joë" in ISO-8859-1
      Buffer.from('\r\n--abc--', 'latin1'),
    ]);
    const parts = parseMultipart({
      body: latin1,
      contentType: 'multipart/form-data; boundary=abc',
    });
    expect(fields(parts)).toEqual({ Payload: 'ISA*00~GS*HB~', Name: 'Joë' });
  });

  it('keeps UTF-8 text and a leading byte-order mark exactly', () => {
    const value = '\uFEFFISA*00*DOÉ~';
    const { body, contentType } = encodeMultipartForm({ fields: [{ name: 'Payload', value }] });
    expect(parseMultipart({ body, contentType })[0]!.value).toBe(value);
  });

  it('reads a body handed over as a slice of a larger buffer', () => {
    const whole = Buffer.from(`XXXX${CRLF_BODY}YYYY`, 'latin1');
    const slice = whole.subarray(4, whole.length - 4);
    const parts = parseMultipart({ body: slice, contentType: 'multipart/form-data; boundary=abc' });
    expect(parts).toHaveLength(2);
  });

  describe('refuses what is not a complete multipart body, with a reason', () => {
    const ct = 'multipart/form-data; boundary=abc';
    const cases: [string, string, string | RegExp][] = [
      ['no boundary at all', '<html>login</html>', /no boundary line at all/],
      ['cut off before the close', '--abc\r\nA: b\r\n\r\nvalue', /cut off/],
      ['cut off right after a boundary', '--abc\r\nA: b\r\n\r\nv\r\n--abc', /cut off/],
      ['headers with no empty line', '--abc\r\nA: b\r\n--abc--', /no empty line/],
      ['a header line without a colon', '--abc\r\nnot a header\r\n\r\nv\r\n--abc--', /Name: value/],
      ['text after a boundary', '--abc junk\r\n\r\nv\r\n--abc--', /followed by other text/],
      [
        'a base64 part that is not base64',
        '--abc\r\nContent-Transfer-Encoding: base64\r\n\r\n***\r\n--abc--',
        /not base64/,
      ],
      [
        'an unknown transfer encoding',
        '--abc\r\nContent-Transfer-Encoding: x-gzip\r\n\r\nv\r\n--abc--',
        /"x-gzip"/,
      ],
      [
        'an unknown charset',
        '--abc\r\nContent-Type: text/plain; charset=x-martian\r\n\r\nv\r\n--abc--',
        /"x-martian"/,
      ],
    ];
    it.each(cases)('%s', (_what, body, message) => {
      expect(() => parseMultipart({ body, contentType: ct })).toThrow(MultipartError);
      expect(() => parseMultipart({ body, contentType: ct })).toThrow(message);
    });

    it('a Content-Type that is not multipart or has no boundary', () => {
      expect(() => parseMultipart({ body: 'x', contentType: 'text/html' })).toThrow(
        /not multipart \(Content-Type "text\/html"\)/,
      );
      expect(() => parseMultipart({ body: 'x', contentType: 'multipart/form-data' })).toThrow(
        /not multipart/,
      );
      expect(() =>
        parseMultipart({
          body: 'x',
          contentType: `multipart/form-data; boundary=${'a'.repeat(71)}`,
        }),
      ).toThrow(/not a valid multipart boundary/);
    });
  });
});
