/**
 * State of one code generation: the document (numbering, media, settings), the assets collected,
 * warnings, and shared definitions (font lists) hoisted to the top of the program.
 */
import type { RenderWarning, RunProps, TemplateDocument } from '../model.js';
import { mapWordFont, SANS_FAMILY, SERIF_FAMILY, SYMBOL_FALLBACK_FAMILY } from '../fonts/index.js';
import { arr, pathLit, pt, str } from './escape.js';

/** Code points Typst should take from the Latin font of a run (w:rFonts ascii/hAnsi): everything
 * below the CJK blocks (Basic Latin … General Punctuation, currency, letterlike, arrows…). */
const LATIN_RANGE = String.raw`regex("[\\x{0}-\\x{2E7F}&&[^\\x{2018}\\x{2019}\\x{201C}\\x{201D}\\x{2014}\\x{2026}]]")`;

export interface CodegenOptions {
  /** Word font name (lower case) -> family of a font a business line registered. */
  fontAliases?: ReadonlyMap<string, string>;
  /**
   * Fragment mode (HTML fragments evaluated at run time): no hoisted definitions, no assets of
   * the template, image paths given by the engine.
   */
  fragment?: boolean;
  /** Folder of the virtual paths of images (fragments use a fresh one per render). */
  assetPrefix?: string;
}

export class CodegenContext {
  readonly assets: Record<string, Uint8Array> = {};
  readonly warnings: RenderWarning[] = [];
  /** Hoisted `#let` definitions, in order. */
  readonly defs: string[] = [];
  readonly #fontDefs = new Map<string, string>();
  readonly #warnedFonts = new Set<string>();
  readonly #mediaPaths = new Map<string, string>();
  readonly #hoisted = new Map<string, string>();
  /** `#let` definitions of the static module: template content that never reads the data. */
  readonly staticDefs: string[] = [];
  /**
   * Integer expression of the document's page count (NUMPAGES): the page counter's final value,
   * unless a section restarts the numbers (then codegen.ts marks the document's end).
   */
  numPages = 'counter(page).final().first()';
  /** SECTIONPAGES fields emitted so far (page.ts marks a section's end only for them). */
  sectionPagesFields = 0;
  /** A note's or text box's content is being emitted (a note or box inside is not followed). */
  inNote = false;
  /**
   * Width of the lines of the container being emitted (the text area, a table cell or a text box
   * less its margins), in points; undefined where unknown (fragments). Words wider than it are
   * broken at the line's edge (`hx-brk`).
   */
  lineWidth: number | undefined;
  /** Data reads emitted so far: a block whose emission leaves it unchanged is static. */
  #dataRefs = 0;

  constructor(
    readonly doc: Pick<
      TemplateDocument,
      'numbering' | 'media' | 'settings' | 'footnotes' | 'endnotes' | 'textBoxes'
    >,
    readonly options: CodegenOptions = {},
  ) {}

  /** The Typst font list of a run: its Latin font for Latin text, its East Asian font for the rest. */
  fontList(props: Pick<RunProps, 'fontLatin' | 'fontEastAsia'>): string {
    const latin = this.#family(props.fontLatin);
    const eastAsia = this.#family(props.fontEastAsia ?? props.fontLatin);
    const key = `${latin}\u0000${eastAsia}`;
    const known = this.#fontDefs.get(key);
    if (known !== undefined) return known;
    // The symbol face last: Typst's own fallback is off (codegen.ts), so these are all the faces
    // a character may come from, whatever fonts the machine has installed.
    const fallbacks = [eastAsia, SERIF_FAMILY, SANS_FAMILY, SYMBOL_FALLBACK_FAMILY].filter(
      (f, i, a) => a.indexOf(f) === i,
    );
    const items =
      latin === eastAsia
        ? fallbacks.map(str)
        : [`(name: ${str(latin)}, covers: ${LATIN_RANGE})`, ...fallbacks.map(str)];
    const literal = arr(items);
    if (this.options.fragment) return literal;
    const name = `hx-font-${this.#fontDefs.size + 1}`;
    this.defs.push(`#let ${name} = ${literal}`);
    this.#fontDefs.set(key, name);
    return name;
  }

  /**
   * A name for a constant expression (theme colours, strokes, insets, static table rows), bound
   * once among the hoisted definitions of the static module: a template's table rows repeat the
   * same few values, and each use would otherwise call the theme functions again for every cell
   * of every contract. Fragments cannot see the static module and keep the expression inline.
   */
  hoist(expr: string): string {
    if (this.options.fragment) return expr;
    const known = this.#hoisted.get(expr);
    if (known !== undefined) return known;
    const name = `hx-k-${this.#hoisted.size + 1}`;
    this.defs.push(`#let ${name} = ${expr}`);
    this.#hoisted.set(expr, name);
    return name;
  }

  /** Code reading a data path in the current scope chain `s` (docxtemplater scope semantics). */
  dataRef(path: readonly string[]): string {
    this.#dataRefs++;
    return `hx-get(s, ${pathLit(path)})`;
  }

  /**
   * Code showing a data value as text: what `hx-show(hx-get(s, path))` shows, with the common
   * cases inline, since Typst memoises every call of a function of the program (its arguments
   * hashed, looked up and stored) and a fee table shows many values: a one-key path found (not
   * null) in the innermost scope, and a value that is a string without line breaks or a natural number (JS
   * String() and Typst str() agree on those).
   */
  showValue(path: readonly string[], fit?: { size: number; width: number }): string {
    const key = path.length === 1 ? str(path[0]!) : undefined;
    const get =
      key === undefined
        ? this.dataRef(path)
        : `{ let sc = s.first(); let v = if type(sc) == dictionary { sc.at(${key}, default: none) }; if v == none { ${this.dataRef(path)} } else { v } }`;
    if (fit === undefined || !(fit.width > 0))
      return `{ let v = ${get}; if type(v) == str and not v.contains("\n") { v } else if type(v) == int and v >= 0 { str(v) } else { hx-show(v) } }`;
    // A word wider than the line is broken at its edge (hx-brk). No character is wider than an
    // em, and a string has no more characters than bytes: one of at most width/size bytes fits.
    const w = pt(fit.width);
    const n = Math.max(0, Math.floor(fit.width / Math.max(1, fit.size)));
    const shown = `if v.len() <= ${n} { v } else { hx-brk(v, ${w}) }`;
    return `{ let v = ${get}; if type(v) == str and not v.contains("\n") { ${shown} } else if type(v) == int and v >= 0 { let v = str(v); ${shown} } else { hx-show(v, width: ${w}) } }`;
  }

  /**
   * Runs in a container whose lines are `width` wide (see lineWidth), restoring the outer width.
   */
  withLineWidth<T>(width: number | undefined, fn: () => T): T {
    const outer = this.lineWidth;
    this.lineWidth = width;
    try {
      return fn();
    } finally {
      this.lineWidth = outer;
    }
  }

  /** How many data reads were emitted (see dataRef). */
  get dataRefs(): number {
    return this.#dataRefs;
  }

  /** Defines static content in the static module; returns the name the main program uses. */
  defineStatic(code: string): string {
    const name = `hx-st-${this.staticDefs.length + 1}`;
    this.staticDefs.push(`#let ${name} = ${code}`);
    return name;
  }

  /** True when both fonts of a run are shipped families (neither has an italic face). */
  isShipped(props: Pick<RunProps, 'fontLatin' | 'fontEastAsia'>): boolean {
    const shipped = (f: string) => f === SERIF_FAMILY || f === SANS_FAMILY;
    return (
      shipped(this.#family(props.fontLatin)) && shipped(this.#family(props.fontEastAsia ?? props.fontLatin))
    );
  }

  #family(wordName: string | undefined): string {
    const choice = mapWordFont(wordName, this.options.fontAliases);
    if (choice.unknown && wordName !== undefined && !this.#warnedFonts.has(wordName)) {
      this.#warnedFonts.add(wordName);
      this.warnings.push({
        code: 'FONT_MAPPED',
        message: `font '${wordName}' is not shipped; Noto Serif SC is used (register the font to use it)`,
      });
    }
    return choice.family;
  }

  /** The virtual path of a media part of the template; its bytes become an asset of the program. */
  mediaPath(media: string): string | undefined {
    const known = this.#mediaPaths.get(media);
    if (known !== undefined) return known;
    const part = this.doc.media[media];
    if (part === undefined) {
      this.warn('IMAGE_MISSING', `image part '${media}' is not in the package`);
      return undefined;
    }
    const base = media
      .split('/')
      .pop()!
      .replace(/[^A-Za-z0-9._-]/g, '_');
    const path = `${this.options.assetPrefix ?? '/assets'}/${this.#mediaPaths.size + 1}-${base}`;
    this.#mediaPaths.set(media, path);
    this.assets[path] = part.bytes;
    return path;
  }

  warn(code: string, message: string, where?: string): void {
    if (this.warnings.some((w) => w.code === code && w.message === message)) return;
    this.warnings.push(where === undefined ? { code, message } : { code, message, where });
  }
}

/** Where a block is emitted: only the top level of the page flow may break pages in Typst. */
export interface BlockEnv {
  topLevel: boolean;
  /** Table width available (for nested content), unused at the top. */
}
