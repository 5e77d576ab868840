/**
 * Turning values of the template into Typst source. Every text of the template is emitted as a
 * Typst *string literal* in code mode, never as markup, so none of the markup characters
 * (`\ # * _ ` $ < > @ = - + / [ ] ~`) can change meaning; inside a string literal only `\` and `"`
 * are special, plus the escapes below for characters a source file should not carry raw
 * (Typst reference, "Syntax": string escapes `\\ \" \n \r \t \u{…}`).
 */

/** A Typst string literal holding exactly `text`. */
export function str(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    // Other control characters, lone surrogates and line/paragraph separators are written as
    // escapes so the generated source stays one clean line per statement.
    else if (
      code < 0x20 ||
      code === 0x7f ||
      code === 0x2028 ||
      code === 0x2029 ||
      (code >= 0xd800 && code <= 0xdfff)
    )
      out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

/** A length in points, rounded to 1/100 pt (finer than any printer resolves). */
export function pt(value: number): string {
  const v = Math.round(value * 100) / 100;
  return `${Object.is(v, -0) ? 0 : v}pt`;
}

/** A colour literal from the model's 6-digit hex. */
export function hex(color: string): string {
  return `"${color
    .replace(/[^0-9A-Fa-f]/g, '')
    .slice(0, 6)
    .padEnd(6, '0')}"`;
}

/** A Typst array literal (a trailing comma keeps one-element arrays arrays). */
export function arr(items: readonly string[]): string {
  return items.length === 0 ? '()' : `(${items.join(', ')},)`;
}

/** A data path as a Typst array of string keys. */
export function pathLit(path: readonly string[]): string {
  return arr(path.map(str));
}
