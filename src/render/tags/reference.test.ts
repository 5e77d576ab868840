/**
 * docxtemplater is the reference: the same template is filled by docxtemplater (paragraphLoop,
 * linebreaks, nullGetter '') and expanded by us, and the texts must match.
 */
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { buildDocx } from '../docx/testing/build-docx.js';
import { applyTags, expandDocument } from './index.js';
import { resolvePath } from './scope.js';
import { docOf, irBlocks, irText, specXml, xmlText, type SpecBlock } from './testing/ir.js';

function docxtemplaterText(spec: SpecBlock[], data: unknown): string {
  const zip = new PizZip(buildDocx({ body: specXml(spec) }));
  const doc = new Docxtemplater(zip, {
    paragraphLoop: true,
    linebreaks: true,
    nullGetter: () => '',
    // Dotted paths on one scope; docxtemplater itself walks up the scope chain on undefined.
    parser: (tag: string) => ({
      get: (scope: unknown) => (tag === '.' ? scope : resolvePath(scope, tag.split('.'))),
    }),
  });
  doc.render(data as object);
  const xml = doc.getZip().file('word/document.xml')!.asText();
  return xmlText(xml.slice(xml.indexOf('<w:body>')));
}

function ourText(spec: SpecBlock[], data: unknown): string {
  const { doc } = applyTags(docOf(irBlocks(spec)));
  return irText(expandDocument(doc, data).body);
}

const cases: { name: string; spec: SpecBlock[]; data: unknown }[] = [
  {
    name: 'values and dotted paths',
    spec: [['甲方：{partyA.name}，', '乙方：{partyB}'], ['{missing}x{n}{b}']],
    data: { partyA: { name: '浦江' }, partyB: '云契', n: 3, b: true },
  },
  {
    name: 'split-run tags',
    spec: [
      ['合同编号：{con', 'tract', 'No}。'],
      ['{#fl', 'ag}yes{/', 'flag}'],
    ],
    data: { contractNo: 'HT-1', flag: 1 },
  },
  { name: 'line breaks in values', spec: [['{addr}']], data: { addr: 'line 1\nline 2\nline 3' } },
  {
    name: 'inline loop',
    spec: [['items: {#items}{name}, {/items}end']],
    data: { items: [{ name: 'a' }, { name: 'b' }] },
  },
  {
    name: 'loop over paragraphs',
    spec: [['before'], ['{#items}'], ['{idx}. {name}'], ['note {note}'], ['{/items}'], ['after']],
    data: {
      note: 'n',
      items: [
        { idx: 1, name: 'x' },
        { idx: 2, name: 'y', note: 'own' },
      ],
    },
  },
  {
    name: 'conditions and inverted',
    spec: [
      ['{#vip}VIP {level}{/vip}{^vip}normal{/vip}'],
      ['{#obj}{k}{/obj}{^empty}none{/empty}'],
      ['{#zero}zero{/zero}{^zero}not zero{/zero}'],
    ],
    data: { vip: true, level: 3, obj: { k: 'K' }, empty: [], zero: 0 },
  },
  {
    name: 'falsy condition over paragraphs',
    spec: [['{#show}'], ['hidden'], ['{/show}'], ['{^show}'], ['shown'], ['{/show}']],
    data: { show: false },
  },
  {
    name: 'nested loops and scope chain',
    spec: [['{#groups}'], ['{title}:{#members}{name}@{title}/{root}; {/members}'], ['{/groups}']],
    data: {
      root: 'R',
      groups: [
        { title: 'G1', members: [{ name: 'm1' }, { name: 'm2', title: 'own' }] },
        { title: 'G2', members: [] },
      ],
    },
  },
  { name: 'current item {.}', spec: [['{#tags}[{.}]{/tags}']], data: { tags: ['x', 'y', 'z'] } },
  {
    name: 'table row loop (fee table)',
    spec: [
      {
        table: [
          [[['No.']], [['Item']], [['Total']]],
          [[['{#items}{idx}']], [['{name}']], [['{total}{/items}']]],
          [[['sum']], [['']], [['{amount}']]],
        ],
      },
    ],
    data: {
      amount: '30',
      items: [
        { idx: 1, name: 'a', total: '10' },
        { idx: 2, name: 'b', total: '20' },
      ],
    },
  },
  {
    name: 'row loop over two rows',
    spec: [
      {
        table: [
          [[['{#items}{idx}']], [['{name}']]],
          [[['detail']], [['{spec}{/items}']]],
        ],
      },
    ],
    data: {
      items: [
        { idx: 1, name: 'a', spec: 's1' },
        { idx: 2, name: 'b', spec: 's2' },
      ],
    },
  },
  {
    name: 'block loop around a whole table',
    spec: [['{#parties}'], ['{role}:'], { table: [[[['{name}']], [['{id}']]]] }, ['{/parties}'], ['end']],
    data: {
      parties: [
        { role: 'A', name: 'n1', id: 'i1' },
        { role: 'B', name: 'n2', id: 'i2' },
      ],
    },
  },
  {
    name: 'inverted section and empty loop over table rows',
    spec: [
      {
        table: [
          [[['{^items}none']], [['-{/items}']]],
          [[['{#items}{.}']], [['+{/items}']]],
        ],
      },
    ],
    data: { items: [] },
  },
  {
    name: 'loop with paragraphs inside a cell',
    spec: [{ table: [[[['{#list}'], ['- {.}'], ['{/list}']]]] }],
    data: { list: ['p', 'q'] },
  },
  {
    name: 'sections over missing, null, false, empty, object and scalar values',
    spec: [
      ['a{#missing}M{/missing}b{#nul}N{/nul}c{#no}F{/no}d{#none}E{/none}e'],
      ['{#obj}{k}/{outer}{/obj}{#str}S{k}{/str}{#num}#{/num}'],
      ['{^missing}!m{/missing}{^nul}!n{/nul}{^obj}!o{/obj}{^str}!s{/str}'],
    ],
    data: { nul: null, no: false, none: [], obj: { k: 'K' }, outer: 'O', k: 'root', str: 'yes', num: 7 },
  },
  {
    name: 'a null in the inner scope is looked up in the enclosing ones',
    spec: [['{#items}{name}:{note};{/items}']],
    data: { note: 'outer', name: 'root', items: [{ name: 'a', note: null }, { name: null }] },
  },
  {
    name: 'a tag across paragraphs joins them',
    spec: [['甲方：{part'], ['yA}，签约'], ['{#it'], ['ems}[{.}]{/items}'], ['after']],
    data: { partyA: '浦江', items: ['x', 'y'] },
  },
];

describe('expansion matches docxtemplater', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(ourText(c.spec, c.data)).toBe(docxtemplaterText(c.spec, c.data));
    });
  }
});

describe('headers and footers match docxtemplater', () => {
  it('fills tags and sections in the default header and footer', () => {
    const header: SpecBlock[] = [
      ['合同编号：{contract', 'No}'],
      ['{#draft}草稿{/draft}{^draft}正式{/draft}'],
    ];
    const footer: SpecBlock[] = [['{#parties}{.} {/parties}']];
    const data = { contractNo: 'HT-7', draft: false, parties: ['甲', '乙'] };
    const zip = new PizZip(
      buildDocx({
        body: specXml([['body']]),
        headers: { default: specXml(header) },
        footers: { default: specXml(footer) },
      }),
    );
    const dt = new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true, nullGetter: () => '' });
    dt.render(data);
    const text = (part: string): string => xmlText(dt.getZip().file(part)!.asText());
    const { doc } = applyTags(
      docOf(irBlocks([['body']]), {
        headers: { default: irBlocks(header) },
        footers: { default: irBlocks(footer) },
      }),
    );
    const out = expandDocument(doc, data);
    expect(irText(out.finalSection.headers.default!)).toBe(text('word/header1.xml'));
    expect(irText(out.finalSection.footers.default!)).toBe(text('word/footer1.xml'));
    expect(irText(out.finalSection.headers.default!)).toBe('合同编号：HT-7\n正式\n');
  });
});
