/**
 * The style sheet (ECMA-376 Part 1 §17.7) and the resolution of effective properties:
 * document defaults → table style → paragraph style chain → (numbering level) → character style
 * chain → direct formatting (§17.7.2), with toggle properties XOR-ed across style types (§17.7.3).
 */
import type { ParagraphProps, RunProps, TabStop } from '../../model.js';
import { child, childrenNamed, type XmlElement } from '../intake/xml.js';
import { mergeBorderPatch, toBorderSet } from './borders.js';
import { BASE_PARAGRAPH, readParaPatch, type ParaPatch } from './paragraph-props.js';
import {
  applyRunValues,
  BASE_RUN_PROPS,
  mergeRunPatches,
  readRunPatch,
  TOGGLES,
  type RunPatch,
} from './run-props.js';
import type { ThemeFonts } from './theme.js';

export interface StyleDef {
  id: string;
  type: string;
  name?: string;
  basedOn?: string;
  pPr?: XmlElement;
  rPr?: XmlElement;
  tblPr?: XmlElement;
  trPr?: XmlElement;
  tcPr?: XmlElement;
}

export interface ParagraphResolution {
  props: Omit<ParagraphProps, 'markProps'>;
  /** The paragraph style to use for the runs of this paragraph. */
  styleId?: string;
  firstLineChars?: number;
}

/** Run-level inputs of one paragraph, computed once and reused for its runs. */
interface RunBase {
  values: RunProps;
  styleToggles: Array<Partial<Record<(typeof TOGGLES)[number], boolean>>>;
}

export class StyleSheet {
  private readonly styles = new Map<string, StyleDef>();
  private readonly defaults: { paragraph?: string; character?: string; table?: string } = {};
  private readonly docRun: RunPatch;
  private readonly docPara: ParaPatch;
  private readonly chainCache = new Map<string, StyleDef[]>();
  private readonly runBaseCache = new Map<string, RunBase>();
  /** Table style conditional formatting (w:tblStylePr) by style id and type (§17.7.6). */
  private readonly conditional = new Map<string, Map<string, XmlElement>>();

  constructor(
    root: XmlElement | undefined,
    private readonly theme: ThemeFonts,
  ) {
    const dd = child(root, 'w:docDefaults');
    this.docRun = readRunPatch(child(child(dd, 'w:rPrDefault'), 'w:rPr'), theme);
    this.docPara = readParaPatch(child(child(dd, 'w:pPrDefault'), 'w:pPr'));
    for (const s of childrenNamed(root, 'w:style')) {
      const id = s.attrs['w:styleId'];
      if (!id) continue;
      const type = s.attrs['w:type'] ?? 'paragraph';
      const def: StyleDef = { id, type };
      const name = child(s, 'w:name')?.attrs['w:val'];
      const basedOn = child(s, 'w:basedOn')?.attrs['w:val'];
      if (name) def.name = name;
      if (basedOn) def.basedOn = basedOn;
      for (const k of ['pPr', 'rPr', 'tblPr', 'trPr', 'tcPr'] as const) {
        const el = child(s, `w:${k}`);
        if (el) def[k] = el;
      }
      // Whole-table conditional formatting applies to every cell (§17.7.6.6 tblStylePr wholeTable).
      const whole = childrenNamed(s, 'w:tblStylePr').find((c) => c.attrs['w:type'] === 'wholeTable');
      if (whole) {
        for (const k of ['pPr', 'rPr', 'tblPr', 'tcPr'] as const) {
          const el = child(whole, `w:${k}`);
          if (el) def[k] = def[k] ? { ...el, children: [...el.children, ...def[k].children] } : el;
        }
      }
      const cond = new Map<string, XmlElement>();
      for (const c of childrenNamed(s, 'w:tblStylePr')) {
        const t = c.attrs['w:type'];
        if (t && t !== 'wholeTable') cond.set(t, c);
      }
      if (cond.size) this.conditional.set(id, cond);
      const isDefault = s.attrs['w:default'] === '1' || s.attrs['w:default'] === 'true';
      if (isDefault && (type === 'paragraph' || type === 'character' || type === 'table')) {
        this.defaults[type] ??= id;
      }
      this.styles.set(id, def);
    }
  }

  get(id: string | undefined): StyleDef | undefined {
    return id === undefined ? undefined : this.styles.get(id);
  }

  defaultTableStyle(): string | undefined {
    return this.defaults.table;
  }

  /**
   * A derived table style applying the conditional formats `types` (lowest priority first) of
   * `tableStyleId` and its basedOn chain on top of it; its id can be used like any style id.
   */
  conditionalStyle(tableStyleId: string | undefined, types: string[]): string | undefined {
    if (tableStyleId === undefined || types.length === 0) return tableStyleId;
    const chain = this.chain(tableStyleId);
    const parts: XmlElement[] = [];
    for (const t of types)
      for (const s of chain) {
        const c = this.conditional.get(s.id)?.get(t);
        if (c) parts.push(c);
      }
    if (parts.length === 0) return tableStyleId;
    const id = `${tableStyleId}\u0000${types.join('+')}`;
    if (this.styles.has(id)) return id;
    const def: StyleDef = { id, type: 'table', basedOn: tableStyleId };
    for (const k of ['pPr', 'rPr', 'tcPr'] as const) {
      const els = parts.map((p) => child(p, `w:${k}`)).filter((e): e is XmlElement => e !== undefined);
      // The readers take the first matching child, so the highest-priority format goes first.
      if (els.length)
        def[k] = { name: `w:${k}`, attrs: {}, children: els.reverse().flatMap((e) => e.children) };
    }
    this.styles.set(id, def);
    return id;
  }

  /** The basedOn chain from the root down to `id` (cycles and unknown ids cut). */
  chain(id: string | undefined): StyleDef[] {
    if (id === undefined) return [];
    const hit = this.chainCache.get(id);
    if (hit) return hit;
    const out: StyleDef[] = [];
    const seen = new Set<string>();
    let cur = this.styles.get(id);
    while (cur && !seen.has(cur.id) && out.length < 64) {
      seen.add(cur.id);
      out.unshift(cur);
      cur = cur.basedOn ? this.styles.get(cur.basedOn) : undefined;
    }
    this.chainCache.set(id, out);
    return out;
  }

  private paraStyleId(patch: ParaPatch): string | undefined {
    const id = patch.styleId ?? this.defaults.paragraph;
    return id !== undefined && this.styles.get(id)?.type === 'paragraph' ? id : this.defaults.paragraph;
  }

  /** Effective paragraph properties, numbering level indents applied under direct formatting. */
  paragraph(
    pPr: XmlElement | undefined,
    tableStyleId: string | undefined,
    levelPPr: (ref: { numId: string; level: number }) => XmlElement | undefined,
  ): ParagraphResolution {
    const direct = readParaPatch(pPr);
    const styleId = this.paraStyleId(direct);
    const base: ParaPatch[] = [this.docPara];
    for (const s of this.chain(tableStyleId)) base.push(readParaPatch(s.pPr));
    const styled = this.chain(styleId).map((s) => readParaPatch(s.pPr));
    let numbering: ParaPatch['numbering'];
    let level: number | undefined;
    for (const l of [...base, ...styled, direct]) {
      if (l.numbering !== undefined) numbering = l.numbering;
      if (l.level !== undefined) level = l.level;
    }
    const ref = numbering ? { numId: numbering.numId, level: level ?? numbering.level } : undefined;
    const lvlPPr = ref ? levelPPr(ref) : undefined;
    const lvl = lvlPPr ? [readParaPatch(lvlPPr)] : [];
    // §17.9.23 lvl/pPr: numbering given directly puts the level's indents over the style's; numbering
    // that comes with the paragraph style lets the style's own indents win (Word's behaviour).
    const layers =
      direct.numbering !== undefined
        ? [...base, ...styled, ...lvl, direct]
        : [...base, ...lvl, ...styled, direct];

    const props: Omit<ParagraphProps, 'markProps'> = { ...BASE_PARAGRAPH, tabs: [] };
    let tabs: TabStop[] = [];
    let borders;
    let firstLineChars: number | undefined;
    for (const l of layers) {
      Object.assign(props, l.values);
      if (l.values.firstLine !== undefined) firstLineChars = undefined;
      if (l.firstLineChars !== undefined) firstLineChars = l.firstLineChars || undefined;
      if (l.tabsCleared.length || l.tabsSet.length) {
        tabs = tabs.filter((t) => !l.tabsCleared.some((c) => Math.abs(c - t.position) < 0.05));
        tabs = tabs.filter((t) => !l.tabsSet.some((s) => Math.abs(s.position - t.position) < 0.05));
        tabs.push(...l.tabsSet);
      }
      borders = mergeBorderPatch(borders, l.borders);
    }
    props.tabs = tabs.sort((a, b) => a.position - b.position);
    if (borders) {
      const set = toBorderSet(borders);
      delete set.nil;
      if (Object.keys(set).length) props.borders = set;
    }
    if (ref) props.numbering = ref;
    if (styleId) props.styleId = styleId;
    if (props.outlineLevel === undefined) {
      // Built-in "heading 1..9" styles carry their level even when the style omits outlineLvl.
      const m = /^heading (\d)$/i.exec(this.styles.get(styleId ?? '')?.name ?? '');
      if (m) props.outlineLevel = Number(m[1]) - 1;
    }
    for (const k of Object.keys(props) as Array<keyof typeof props>) {
      if (props[k] === undefined) delete props[k];
    }
    const res: ParagraphResolution = { props };
    if (styleId) res.styleId = styleId;
    if (firstLineChars !== undefined) res.firstLineChars = firstLineChars;
    return res;
  }

  /** Effective run properties of a run with the given direct rPr in a paragraph of `paraStyleId`. */
  run(
    paraStyleId: string | undefined,
    tableStyleId: string | undefined,
    rPr: XmlElement | undefined,
  ): RunProps {
    const direct = readRunPatch(rPr, this.theme);
    const charStyle =
      direct.styleId && this.styles.get(direct.styleId)?.type === 'character'
        ? direct.styleId
        : this.defaults.character;
    const base = this.runBase(paraStyleId, tableStyleId, charStyle);
    const out = applyRunValues(base.values, direct);
    for (const t of TOGGLES) {
      const d = direct.toggles[t];
      if (d !== undefined) {
        out[t] = d;
        continue;
      }
      const said = base.styleToggles.map((s) => s[t]).filter((x): x is boolean => x !== undefined);
      out[t] = said.length ? said.reduce((a, b) => a !== b) : (this.docRun.toggles[t] ?? false);
    }
    return out;
  }

  private runBase(
    paraStyleId: string | undefined,
    tableStyleId: string | undefined,
    charStyleId: string | undefined,
  ): RunBase {
    const key = `${paraStyleId ?? ''}\u0000${tableStyleId ?? ''}\u0000${charStyleId ?? ''}`;
    const hit = this.runBaseCache.get(key);
    if (hit) return hit;
    const chainPatch = (id: string | undefined): RunPatch =>
      mergeRunPatches(this.chain(id).map((s) => readRunPatch(s.rPr, this.theme)));
    const table = chainPatch(tableStyleId);
    const para = chainPatch(paraStyleId);
    const chars = chainPatch(charStyleId);
    let values = applyRunValues({ ...BASE_RUN_PROPS }, this.docRun);
    for (const p of [table, para, chars]) values = applyRunValues(values, p);
    const base: RunBase = { values, styleToggles: [table.toggles, para.toggles, chars.toggles] };
    this.runBaseCache.set(key, base);
    return base;
  }

  /** Run properties of the document defaults (w:docDefaults) with the default paragraph style. */
  defaultRun(): RunProps {
    return this.run(this.defaults.paragraph, undefined, undefined);
  }
}
