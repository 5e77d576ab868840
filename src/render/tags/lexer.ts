/**
 * The tag lexer: finds `{…}` tags in the text of one paragraph. Word splits text into runs at
 * every formatting change, spell-check mark or revision (ECMA-376 Part 1 §17.3.2.25 w:r), so a tag
 * typed as `{partyA}` may arrive as the runs "{part" + "yA}". The lexer therefore works on the
 * concatenated text of consecutive `text` inlines and maps every match back to the inlines it came
 * from: a tag takes the run properties of the inline where its opening delimiter starts, the text
 * around it keeps its own properties (docxtemplater does the same: the tag's XML collapses into the
 * run where it starts).
 */
import type { Inline, RunProps, Tag } from '../model.js';
import { isOpen } from './join.js';

export interface Delimiters {
  start: string;
  end: string;
}

export const DEFAULT_DELIMITERS: Delimiters = { start: '{', end: '}' };

export interface TagProblem {
  where: string;
  message: string;
}

type TextInline = Extract<Inline, { type: 'text' }>;

/**
 * docxtemplater tag prefixes (https://docxtemplater.com/docs/tag-types/): `#` loop/condition,
 * `^` inverted, `/` close, `%` image (image module), `~` inline HTML and `~~` HTML block (html
 * module). Longest prefix first.
 */
const PREFIXES: ReadonlyArray<[string, Tag['kind']]> = [
  ['~~', 'htmlBlock'],
  ['~', 'html'],
  ['#', 'sectionOpen'],
  ['^', 'invertedOpen'],
  ['/', 'sectionClose'],
  ['%', 'image'],
];

/** A path segment: letters (any script, so `{甲方名称}` works), digits, `_`, `-`, `$`. */
const SEGMENT = /^[\p{L}\p{N}_$-]+$/u;
/** Characters that look like a prefix of a tag kind we do not know (`{@x}`, `{=x}`, `{>x}`…). */
const UNKNOWN_PREFIX = /^[!"&'()*+,:;<=>?@[\\\]`|]/;

/** Parses the text between the delimiters into a tag, or explains why it is not one. */
export function parseTagText(raw: string, where: string): Tag | string {
  const text = raw.trim();
  let kind: Tag['kind'] = 'value';
  let rest = text;
  for (const [prefix, k] of PREFIXES) {
    if (text.startsWith(prefix)) {
      kind = k;
      rest = text.slice(prefix.length).trim();
      break;
    }
  }
  if (kind === 'value' && UNKNOWN_PREFIX.test(text)) {
    return `unknown tag prefix "${text[0] ?? ''}" in "${raw}"`;
  }
  if (rest === '') {
    // `{/}` closes the innermost open section (docxtemplater).
    if (kind === 'sectionClose') return { kind, name: '', path: [], where };
    return `tag "${raw}" has no name`;
  }
  if (rest === '.') return { kind, name: '.', path: [], where };
  const path = rest.split('.');
  for (const segment of path) {
    if (!SEGMENT.test(segment)) return `tag "${raw}" is not a name or dotted path`;
  }
  return { kind, name: rest, path, where };
}

interface Piece {
  /** Offset of this inline's text in the concatenated segment text. */
  start: number;
  inline: TextInline;
}

/**
 * Replaces the tags in a paragraph's inlines by `tag` inlines. Non-text inlines (tabs, breaks,
 * images, fields) end a text segment: a tag cannot span them.
 */
export function lexInlines(
  inlines: readonly Inline[],
  delimiters: Delimiters,
  where: string,
  problems: TagProblem[],
): Inline[] {
  // Fast path: no delimiter anywhere in the paragraph.
  let hasDelimiter = false;
  for (const inline of inlines) {
    if (
      inline.type === 'text' &&
      (inline.text.includes(delimiters.start) || inline.text.includes(delimiters.end))
    ) {
      hasDelimiter = true;
      break;
    }
  }
  if (!hasDelimiter) return inlines as Inline[];

  const out: Inline[] = [];
  let segment: TextInline[] = [];
  const flush = (): void => {
    if (segment.length > 0) lexSegment(segment, delimiters, where, problems, out);
    segment = [];
  };
  for (const inline of inlines) {
    if (inline.type === 'text') segment.push(inline);
    else if (inline.type === 'break' && inline.kind === 'line' && isOpen(segmentText(segment), delimiters)) {
      // docxtemplater drops a w:br inside a tag (droppedTagsInsidePlaceholder; join.ts).
      continue;
    } else {
      flush();
      out.push(inline);
    }
  }
  flush();
  return out;
}

function lexSegment(
  segment: TextInline[],
  delimiters: Delimiters,
  where: string,
  problems: TagProblem[],
  out: Inline[],
): void {
  const pieces: Piece[] = [];
  let text = '';
  for (const inline of segment) {
    pieces.push({ start: text.length, inline });
    text += inline.text;
  }
  const { start: open, end: close } = delimiters;
  let cursor = 0;
  let pos = 0;
  while (pos < text.length) {
    const s = text.indexOf(open, pos);
    const strayEnd = text.indexOf(close, pos);
    if (strayEnd !== -1 && (s === -1 || strayEnd < s)) {
      // docxtemplater: "Unopened tag".
      problems.push({
        where,
        message: `closing delimiter "${close}" without an opening one near "${excerpt(text, strayEnd)}"`,
      });
      pos = strayEnd + close.length;
      continue;
    }
    if (s === -1) break;
    const e = text.indexOf(close, s + open.length);
    const nextOpen = text.indexOf(open, s + open.length);
    if (e === -1 || (nextOpen !== -1 && nextOpen < e)) {
      // docxtemplater: "Unclosed tag".
      problems.push({
        where,
        message: `tag opened near "${excerpt(text, s)}" is not closed with "${close}"`,
      });
      pos = nextOpen === -1 ? text.length : nextOpen;
      continue;
    }
    const raw = text.slice(s + open.length, e);
    const parsed = parseTagText(raw, where);
    if (typeof parsed === 'string') {
      problems.push({ where, message: parsed });
    } else {
      emitText(pieces, cursor, s, out);
      out.push({ type: 'tag', tag: parsed, props: propsAt(pieces, s) });
      cursor = e + close.length;
    }
    pos = e + close.length;
  }
  emitText(pieces, cursor, text.length, out);
}

function segmentText(segment: readonly TextInline[]): string {
  let text = '';
  for (const inline of segment) text += inline.text;
  return text;
}

function excerpt(text: string, at: number): string {
  return text.slice(Math.max(0, at - 10), at + 20);
}

function propsAt(pieces: Piece[], offset: number): RunProps {
  let found = pieces[0]!.inline.props;
  for (const piece of pieces) {
    if (piece.start <= offset && offset < piece.start + piece.inline.text.length) return piece.inline.props;
    if (piece.start <= offset) found = piece.inline.props;
  }
  return found;
}

/** Emits the original text inlines clipped to [from, to), each with its own props. */
function emitText(pieces: Piece[], from: number, to: number, out: Inline[]): void {
  if (from >= to) return;
  for (const { start, inline } of pieces) {
    const end = start + inline.text.length;
    if (end <= from || start >= to) continue;
    const a = Math.max(from, start) - start;
    const b = Math.min(to, end) - start;
    out.push(
      a === 0 && b === inline.text.length
        ? inline
        : { type: 'text', text: inline.text.slice(a, b), props: inline.props },
    );
  }
}
