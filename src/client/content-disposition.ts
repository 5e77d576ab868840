/**
 * The file name a download offers, read from its Content-Disposition header (RFC 6266 §4.1). The
 * service sends both forms: `filename="<ASCII fallback>"` and `filename*=UTF-8''<percent-encoded>`
 * (RFC 8187 §3.2); RFC 6266 §4.3 says a recipient prefers `filename*` when it understands it.
 */
export function fileNameOf(contentDisposition: string | null): string | null {
  if (!contentDisposition) return null;
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^']*)'[^']*'([^;\s]*)/i.exec(contentDisposition);
  if (extended && /^utf-8$/i.test(extended[1]!.trim())) {
    try {
      return decodeURIComponent(extended[2]!);
    } catch {
      // A malformed percent-encoding: fall back to the plain parameter below.
    }
  }
  const quoted = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(contentDisposition);
  if (quoted) return quoted[1]!.replace(/\\(.)/g, '$1');
  const token = /(?:^|;)\s*filename\s*=\s*([^;\s"]+)/i.exec(contentDisposition);
  return token ? token[1]! : null;
}
