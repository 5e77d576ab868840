import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Inline } from '../model.js';
import { DEFAULT_DELIMITERS, lexInlines, parseTagText, type TagProblem } from './lexer.js';
import { RUN, text } from './testing/ir.js';

function lex(inlines: Inline[], delimiters = DEFAULT_DELIMITERS) {
  const problems: TagProblem[] = [];
  const out = lexInlines(inlines, delimiters, 'body paragraph 1', problems);
  return { out, problems };
}

/** The lexed paragraph as a string: text as is, tags as ⟨kind:name⟩. */
function show(inlines: Inline[]): string {
  return inlines
    .map((i) =>
      i.type === 'text' ? i.text : i.type === 'tag' ? `⟨${i.tag.kind}:${i.tag.name}⟩` : `[${i.type}]`,
    )
    .join('');
}

describe('parseTagText', () => {
  it('recognises every kind and dotted paths', () => {
    const kinds = ['x', '#x', '^x', '/x', '%x', '~x', '~~x'].map((t) => parseTagText(t, 'w'));
    expect(kinds.map((k) => (typeof k === 'string' ? k : k.kind))).toEqual([
      'value',
      'sectionOpen',
      'invertedOpen',
      'sectionClose',
      'image',
      'html',
      'htmlBlock',
    ]);
    expect(parseTagText(' partyA.name ', 'w')).toEqual({
      kind: 'value',
      name: 'partyA.name',
      path: ['partyA', 'name'],
      where: 'w',
    });
    expect(parseTagText('.', 'w')).toMatchObject({ kind: 'value', path: [] });
    expect(parseTagText('/', 'w')).toMatchObject({ kind: 'sectionClose', name: '' });
    expect(parseTagText('甲方名称', 'w')).toMatchObject({ path: ['甲方名称'] });
  });
  it('explains bad tags', () => {
    expect(parseTagText('', 'w')).toMatch(/no name/);
    expect(parseTagText('#', 'w')).toMatch(/no name/);
    expect(parseTagText('@x', 'w')).toMatch(/unknown tag prefix "@"/);
    expect(parseTagText('a..b', 'w')).toMatch(/not a name/);
    expect(parseTagText('a b', 'w')).toMatch(/not a name/);
  });
});

describe('lexInlines', () => {
  it('keeps paragraphs without delimiters untouched', () => {
    const inlines = [text('plain')];
    expect(lex(inlines).out).toBe(inlines);
  });

  it('finds a tag split across runs of different formatting; the tag takes the props where it starts', () => {
    const { out, problems } = lex([
      text('甲方：{par', { bold: true }),
      text('tyA.na', { italic: true }),
      text('me}，签字', { color: 'FF0000' }),
    ]);
    expect(problems).toEqual([]);
    expect(show(out)).toBe('甲方：⟨value:partyA.name⟩，签字');
    const [before, tag, after] = out;
    expect(before).toMatchObject({ type: 'text', text: '甲方：', props: { bold: true } });
    expect(tag).toMatchObject({ type: 'tag', props: { bold: true, italic: false } });
    expect(after).toMatchObject({ type: 'text', text: '，签字', props: { color: 'FF0000' } });
  });

  it('does not let a tag span a tab', () => {
    const { problems } = lex([text('{a'), { type: 'tab', props: RUN }, text('b}')]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/not closed/),
      expect.stringMatching(/without an opening/),
    ]);
  });

  it('supports custom delimiters', () => {
    expect(show(lex([text('{{#a}}x {b} {{', {}), text('c}} ${d}')], { start: '{{', end: '}}' }).out)).toBe(
      '⟨sectionOpen:a⟩x {b} ⟨value:c⟩ ${d}',
    );
    expect(show(lex([text('${a.b} {c}')], { start: '${', end: '}' }).out.filter(Boolean))).toBe(
      '⟨value:a.b⟩ {c}',
    );
  });

  it('reports unclosed and unopened delimiters', () => {
    const { problems } = lex([text('a {b c} d} {e')]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/not a name/),
      expect.stringMatching(/without an opening/),
      expect.stringMatching(/not closed/),
    ]);
  });

  // Property: however Word splits the text into runs, the lexer finds the same tags and text.
  const piece = fc.oneof(
    fc.constantFrom('{a}', '{#list}', '{/list}', '{^no}', '{%img}', '{~h}', '{b.c}', '{.}'),
    fc.stringMatching(/^[a-z 合同，。]{0,6}$/),
  );
  it('gives the same tags for any split of the text into runs', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (pieces, cuts) => {
          const whole = pieces.join('');
          const points = [...new Set(cuts.map((c) => (whole.length === 0 ? 0 : c % whole.length)))].sort(
            (x, y) => x - y,
          );
          const runs: Inline[] = [];
          let from = 0;
          points.forEach((at, i) => {
            runs.push(text(whole.slice(from, at), { size: 10 + i }));
            from = at;
          });
          runs.push(text(whole.slice(from)));
          const split = lex(runs);
          const unsplit = lex([text(whole)]);
          expect(split.problems).toEqual([]);
          expect(show(split.out)).toBe(show(unsplit.out));
          expect(split.out.filter((i) => i.type === 'tag').length).toBe(
            pieces.filter((p) => p.startsWith('{')).length,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
