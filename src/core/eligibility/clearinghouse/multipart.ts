/**
 * HTTP MIME multipart (RFC 2046 §5.1, RFC 7578) for the CORE envelope: writing a
 * multipart/form-data body and reading a multipart answer.
 *
 * Why our own code and not Node's FormData / Response.formData() (the only multipart code in
 * Node 20; no multipart library is a dependency of this project):
 * - FormData rewrites every bare LF or CR inside a text field to CRLF (checked on Node 20.20:
 *   "ISA*00~\nGS*HB~" goes out as "ISA*00~\r\nGS*HB~"). An X12 interchange whose segment
 *   terminator is a newline would reach the payer with a stray CR at the end of every segment.
 *   Sending the Payload as a Blob keeps the bytes but adds `filename="blob"`, and servers that
 *   read it as a form field (not a file upload) then do not see it.
 * - Response.formData() throws "Failed to parse body as FormData" on a quoted boundary with a
 *   preamble, and on LF-only line breaks. RFC 2046 allows the first two, and lenient servers
 *   write the third; a receptionist should not lose a good 271 over either.
 * The whole job is small (find delimiter lines, split headers from content), so it is written
 * here and tested against those cases in `multipart.test.ts`.
 *
 * Bodies are handled as latin1 strings: one char per byte, so offsets are byte offsets and the
 * content bytes survive untouched until each part is decoded with its own charset.
 */
import { randomBytes } from 'node:crypto';

export class MultipartError extends Error {
  override readonly name = 'MultipartError';
  readonly code = 'BAD_MULTIPART';
}

export interface MultipartField {
  name: string;
  value: string;
}

export interface EncodedMultipart {
  body: Buffer;
  /** `multipart/form-data; boundary=…`, for the Content-Type header. */
  contentType: string;
}

export interface MultipartPart {
  /** The form-data field name (Content-Disposition `name`), or null when the part has none. */
  name: string | null;
  filename: string | null;
  /** Header names in lower case; a repeated header keeps its last value. */
  headers: Record<string, string>;
  /** The content decoded with the part's charset (UTF-8 unless it says otherwise). */
  value: string;
  /** The content bytes after any Content-Transfer-Encoding is undone. */
  bytes: Buffer;
}

/** Encodes text fields as multipart/form-data, keeping every byte of every value as given. */
export function encodeMultipartForm(input: {
  fields: readonly MultipartField[];
  boundary?: string;
}): EncodedMultipart {
  const values = input.fields.map((f) => Buffer.from(f.value, 'utf8'));
  const boundary = input.boundary ?? freshBoundary(values);
  checkBoundary(boundary);
  for (const value of values) {
    // A value that contains the delimiter would end its part early on the other side.
    if (value.includes(`--${boundary}`, 0, 'utf8')) {
      throw new MultipartError(`A field value contains the multipart boundary "${boundary}".`);
    }
  }
  const chunks: Buffer[] = [];
  input.fields.forEach((field, i) => {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${escapeFieldName(field.name)}"\r\n\r\n`,
        'utf8',
      ),
      values[i]!,
      Buffer.from('\r\n', 'latin1'),
    );
  });
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return {
    body: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** The boundary parameter of a multipart Content-Type, unquoted; null when it is not multipart. */
export function boundaryOf(contentType: string): string | null {
  const [mediaType, ...params] = splitHeaderParams(contentType);
  if (!mediaType || !/^multipart\/[a-z0-9.+-]+$/i.test(mediaType.trim())) return null;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    const boundary = unquote(param.slice(eq + 1).trim());
    return boundary === '' ? null : boundary;
  }
  return null;
}

/** Splits a multipart body into its parts. Preamble and epilogue are ignored; CRLF or LF. */
export function parseMultipart(input: {
  body: Uint8Array | string;
  contentType: string;
}): MultipartPart[] {
  const boundary = boundaryOf(input.contentType);
  if (boundary === null) {
    throw new MultipartError(
      `The answer is not multipart (Content-Type "${input.contentType.slice(0, 80)}").`,
    );
  }
  checkBoundary(boundary);
  const text =
    typeof input.body === 'string'
      ? Buffer.from(input.body, 'utf8').toString('latin1')
      : Buffer.from(input.body.buffer, input.body.byteOffset, input.body.byteLength).toString(
          'latin1',
        );
  const delimiter = `--${boundary}`;
  let at = firstDelimiter(text, delimiter);
  if (at < 0) throw new MultipartError('The multipart body has no boundary line at all.');
  const parts: MultipartPart[] = [];
  for (;;) {
    let cursor = at + delimiter.length;
    if (text.startsWith('--', cursor)) return parts; // close delimiter: the rest is epilogue
    cursor = skipLinePadding(text, cursor);
    const next = nextDelimiter(text, delimiter, cursor);
    if (next === null) {
      throw new MultipartError('The multipart body was cut off (no closing boundary).');
    }
    parts.push(readPart(text.slice(cursor, next.contentEnd)));
    at = next.delimiterStart;
  }
}

function freshBoundary(values: readonly Buffer[]): string {
  for (;;) {
    const boundary = `----ClinicDeskCORE${randomBytes(12).toString('hex')}`;
    if (!values.some((v) => v.includes(`--${boundary}`, 0, 'utf8'))) return boundary;
  }
}

/** RFC 2046: 1–70 characters from a restricted set, not ending in a space. */
function checkBoundary(boundary: string): void {
  if (!/^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary)) {
    throw new MultipartError(`"${boundary.slice(0, 80)}" is not a valid multipart boundary.`);
  }
}

/** WHATWG form encoding: quote and line breaks in a field name are percent-escaped. */
function escapeFieldName(name: string): string {
  return name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

function firstDelimiter(text: string, delimiter: string): number {
  let from = 0;
  for (;;) {
    const at = text.indexOf(delimiter, from);
    if (at < 0) return -1;
    // A delimiter only counts at the start of a line; "--b" inside preamble text does not.
    if (at === 0 || text[at - 1] === '\n') return at;
    from = at + 1;
  }
}

/** After a boundary: optional spaces or tabs (transport padding), then CRLF or LF. */
function skipLinePadding(text: string, from: number): number {
  let i = from;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text.startsWith('\r\n', i)) return i + 2;
  if (text[i] === '\n') return i + 1;
  if (i >= text.length) {
    throw new MultipartError('The multipart body was cut off (no closing boundary).');
  }
  throw new MultipartError('A boundary line is followed by other text.');
}

/**
 * The next delimiter line at or after `from`. The line break before it belongs to the delimiter,
 * not to the part's content ("Payload\r\n--b" ends the content at "Payload").
 */
function nextDelimiter(
  text: string,
  delimiter: string,
  from: number,
): { contentEnd: number; delimiterStart: number } | null {
  let search = from;
  for (;;) {
    const at = text.indexOf(`\n${delimiter}`, search);
    if (at < 0) return null;
    const after = at + 1 + delimiter.length;
    // "--boundaryX" is another line that merely starts alike; a delimiter ends the line, or is
    // followed by "--" (close), padding or a line break.
    const c = text[after];
    const ends =
      c === undefined ||
      c === '\r' ||
      c === '\n' ||
      c === ' ' ||
      c === '\t' ||
      (c === '-' && text[after + 1] === '-');
    if (ends) {
      const contentEnd = at > from && text[at - 1] === '\r' ? at - 1 : at;
      return { contentEnd, delimiterStart: at + 1 };
    }
    search = at + 1;
  }
}

function readPart(raw: string): MultipartPart {
  const { headerText, content } = splitHeaders(raw);
  const headers = parseHeaders(headerText);
  const disposition = headers['content-disposition'] ?? '';
  const dispositionParams = paramsOf(disposition);
  const bytes = decodeTransfer(content, headers['content-transfer-encoding']);
  const charset = paramsOf(headers['content-type'] ?? '').charset ?? 'utf-8';
  return {
    name: dispositionParams.name ?? null,
    filename: dispositionParams.filename ?? null,
    headers,
    value: decodeText(bytes, charset),
    bytes,
  };
}

function splitHeaders(raw: string): { headerText: string; content: string } {
  if (raw === '') return { headerText: '', content: '' };
  // A part without headers starts with the empty line itself.
  if (raw.startsWith('\r\n')) return { headerText: '', content: raw.slice(2) };
  if (raw.startsWith('\n')) return { headerText: '', content: raw.slice(1) };
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) throw new MultipartError('A part has no empty line between headers and content.');
  return {
    headerText: raw.slice(0, match.index),
    content: raw.slice(match.index + match[0].length),
  };
}

function parseHeaders(headerText: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (headerText === '') return headers;
  let lastName: string | null = null;
  for (const line of headerText.split(/\r?\n/)) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && lastName !== null) {
      headers[lastName] += ` ${line.trim()}`; // folded continuation line (RFC 5322 §2.2.3)
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw new MultipartError(`A part header is not "Name: value": "${line.slice(0, 60)}".`);
    lastName = line.slice(0, colon).trim().toLowerCase();
    headers[lastName] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** `form-data; name="Payload"; filename=x.txt` → { name: 'Payload', filename: 'x.txt' }. */
function paramsOf(headerValue: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const param of splitHeaderParams(headerValue).slice(1)) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    params[param.slice(0, eq).trim().toLowerCase()] = unquote(param.slice(eq + 1).trim());
  }
  return params;
}

/** Splits on `;` outside double quotes. */
function splitHeaderParams(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted && c === '\\' && i + 1 < value.length) {
      current += c + value[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current);
  return out;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}

function decodeTransfer(content: string, encoding: string | undefined): Buffer {
  const kind = (encoding ?? '').trim().toLowerCase();
  if (kind === 'base64') {
    const compact = content.replace(/[\r\n\t ]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
      throw new MultipartError('A part marked base64 holds text that is not base64.');
    }
    return Buffer.from(compact, 'base64');
  }
  if (kind === '' || kind === '7bit' || kind === '8bit' || kind === 'binary') {
    return Buffer.from(content, 'latin1');
  }
  throw new MultipartError(`A part uses the transfer encoding "${kind}", which is not supported.`);
}

const decoders = new Map<string, TextDecoder>();

function decodeText(bytes: Buffer, charset: string): string {
  const label = charset.toLowerCase();
  let decoder = decoders.get(label);
  if (decoder === undefined) {
    try {
      // ignoreBOM keeps a leading byte-order mark: the 271 is handed on exactly as the payer
      // wrote it.
      decoder = new TextDecoder(label, { ignoreBOM: true });
    } catch {
      throw new MultipartError(
        `A part uses the character set "${charset}", which is not supported.`,
      );
    }
    decoders.set(label, decoder);
  }
  return decoder.decode(bytes);
}
