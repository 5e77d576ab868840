/**
 * A small multipart/form-data parser (RFC 7578, body syntax of RFC 2046 §5.1.1) over bytes already
 * in memory. The HTTP edge buffers every request body to verify its signature over the raw bytes,
 * so a streaming parser would only re-read memory; this one slices the buffer without copying.
 * While the body arrives, MultipartScanner (multipart-scan.ts) follows the same syntax only to
 * refuse an oversized text part early.
 */
import { HetongError } from '../shared/errors.js';

export interface MultipartFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: MultipartFile[];
}

export function boundaryOf(contentType: string): string {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw malformed('multipart/form-data without a boundary parameter');
  return boundary;
}

function malformed(message: string): HetongError {
  return new HetongError('MALFORMED_MULTIPART', 400, message);
}

export function parseMultipart(body: Buffer, boundary: string, limits = { parts: 100 }): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const result: MultipartBody = { fields: Object.create(null) as Record<string, string>, files: [] };
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw malformed('multipart body without its boundary');
  let parts = 0;
  while (true) {
    pos += delimiter.length;
    // "--" after a delimiter closes the body (RFC 2046 §5.1.1 close-delimiter).
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return result;
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw malformed('boundary not followed by CRLF');
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw malformed('part without a header end');
    const headers = parseHeaders(body.subarray(pos, headerEnd).toString('utf8'));
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw malformed('part without a closing boundary');
    const data = body.subarray(headerEnd + 4, next);
    if (++parts > limits.parts) throw malformed(`more than ${limits.parts} parts`);
    const field = formDataField(headers);
    if (!field) throw malformed('part without form-data name');
    const { name, filename } = field;
    if (filename !== undefined) {
      result.files.push({
        field: name,
        filename,
        contentType: headers['content-type'] ?? 'application/octet-stream',
        data,
      });
    } else {
      result.fields[name] = data.toString('utf8');
    }
    pos = next + 2;
  }
}

/** The header fields of one part (RFC 7578 §4.8: Content-Disposition and Content-Type matter). */
export function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

/**
 * The field a part carries (RFC 7578 §4.2): its Content-Disposition's `name`, and `filename` for a
 * file (a part without one is a text field); undefined when it is not a form-data part with a name.
 */
export function formDataField(
  headers: Record<string, string>,
): { name: string; filename: string | undefined } | undefined {
  const disposition = headers['content-disposition'] ?? '';
  const name = param(disposition, 'name');
  if (!/^form-data/i.test(disposition) || name === undefined) return undefined;
  return { name, filename: param(disposition, 'filename') };
}

/** A parameter of a header value (`name`, `filename` of Content-Disposition). */
function param(header: string, name: string): string | undefined {
  // RFC 7578 §4.2: filename may be percent-encoded by some senders; quoted-string is the norm.
  const m = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${name}=([^;\\s]+)`, 'i').exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/** Builds a multipart body (for the client and tests). */
export function buildMultipart(
  boundary: string,
  fields: Record<string, string>,
  files: { field: string; filename: string; contentType: string; data: Uint8Array }[] = [],
): Buffer {
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n`),
      Buffer.from(v),
      Buffer.from('\r\n'),
    );
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename.replace(/"/g, '\\"')}"\r\nContent-Type: ${f.contentType}\r\n\r\n`,
      ),
      Buffer.from(f.data),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
