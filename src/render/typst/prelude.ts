/**
 * The run-time part of every generated program: data access with docxtemplater's scope chain,
 * value display, sections, numbering labels, images, HTML fragments and theme colours. It is Typst
 * source at the top of each template's static module (codegen.ts); the code generator emits calls
 * to these `hx-` functions. The data is not read here: the main program reads DATA_FILE.
 */

import { NUMBER_FORMAT_TYPST } from './number-format.js';

/** Where the runner maps the contract data (JSON) for each render, below the workspace root. */
export const DATA_FILE = '/run/data.json';
/** Where the runner maps the theme (JSON: dark, text, background, accent) for each render. */
export const THEME_FILE = '/run/theme.json';

export const PRELUDE = String.raw`
#let hx-theme = json("${THEME_FILE}")
#let hx-dark = hx-theme.at("dark", default: false)
// The data as headers and footers read it (src/render/typst/page.ts says why).
#let hx-page-data = state("hx-page-data", none)

// Theme colours. Dark mode (for phones): dark page, light text; explicit dark colours lightened,
// light fills darkened, so contrast survives. The hook may override text, background, accent.
#let hx-luma(c) = {
  let (r, g, b, ..) = rgb(c).components()
  (0.2126 * r + 0.7152 * g + 0.0722 * b) / 100%
}
#let hx-text-color = rgb("#" + hx-theme.at("text", default: if hx-dark { "E8E8E8" } else { "000000" }))
#let hx-bg-color = rgb("#" + hx-theme.at("background", default: if hx-dark { "121212" } else { "FFFFFF" }))
#let hx-accent = hx-theme.at("accent", default: none)
#let hx-color(h) = {
  if h == none { return hx-text-color }
  let c = rgb("#" + h)
  if hx-dark and hx-luma(c) < 0.5 { if hx-luma(c) < 0.15 { hx-text-color } else { c.lighten(55%) } } else { c }
}
#let hx-fill(h) = {
  let c = rgb("#" + h)
  if hx-dark and hx-luma(c) > 0.5 { c.darken(75%) } else { c }
}
#let hx-border(h) = {
  if hx-accent != none { return rgb("#" + hx-accent) }
  if h == none { return if hx-dark { luma(170) } else { black } }
  let c = rgb("#" + h)
  if hx-dark and hx-luma(c) < 0.5 { c.lighten(60%) } else { c }
}

// Data lookup (docxtemplater semantics, as src/render/tags/scope.ts): the innermost scope in which
// the whole path resolves to something other than none (JSON null) wins, then each enclosing one,
// then the root; "." (empty path) is the innermost scope itself.
#let hx-get(scopes, path) = {
  if path.len() == 0 { return scopes.at(0, default: none) }
  for sc in scopes {
    let v = sc
    let found = true
    for k in path {
      if type(v) == dictionary and k in v { v = v.at(k) } else { found = false; break }
    }
    if found and v != none { return v }
  }
  none
}
#let hx-truthy(v) = not (v == none or v == false or v == 0 or v == "" or v == ())
// A section runs once per array item (the item is the innermost scope), once with an object as
// scope, once in the same scope for any other truthy value, never for falsy ones.
#let hx-items(v) = if type(v) == array { v.map(it => (it,)) } else if type(v) == dictionary { ((v,),) } else if hx-truthy(v) { ((),) } else { () }
// Values are shown as plain strings (never markup): JS String() for scalars (Typst's str() writes
// negative numbers with U+2212, JS with "-"), "\n" breaks a line.
#let hx-string(v) = {
  if v == none { "" } else if type(v) == str { v } else if type(v) == bool { if v { "true" } else { "false" } }
  else if type(v) == int or type(v) == float { str(v).replace("\u{2212}", "-") }
  else if type(v) == array { v.map(hx-string).join(",", default: "") }
  else if type(v) == dictionary and "$text" in v { v.at("$text") } else { "" }
}

// Text in an inline box: Typst sets a box with its bottom edge on the line's baseline, and the
// paragraphs' bottom text edge lies below the baseline (paragraph.ts), which would lift the
// box's text by that much. Inside, the text's bottom edge is the baseline again.
#let hx-inline-box(body, ..args) = box(..args, { set text(bottom-edge: "baseline"); body })
// Long words: Word breaks a word wider than its line at the line's edge, Typst lets it run on
// into the next cell or the margin. Each run of characters without a break opportunity (no
// space, no CJK character) that is wider than w is cut after its slashes and hyphens (where
// Word and LibreOffice prefer to break a URL or a reference) into boxes, between which Typst may
// end a line, and a piece still wider than w into one box per character; shorter runs are left
// alone and move to the next line whole, as in Word.
// Boxes rather than zero-width spaces: U+200B would enter the text layer (copy, search, keyword
// sign fields).
#let hx-word-re = regex("[^\s\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u{3000}-\u{303F}\u{FF00}-\u{FFEF}]{2,}")
#let hx-seg-re = regex("[^/\-?&=]+[/\-?&=]*|[/\-?&=]+")
#let hx-brk(s, w) = {
  let ms = s.matches(hx-word-re)
  if ms.len() == 0 { return s }
  context {
    // Each box as tall as the line and lowered by its bottom text edge (paragraph.ts), so a line
    // of pieces only is as high as a line of text.
    let be = text.bottom-edge
    let piece = if type(be) == length { c => box(baseline: -be, c) } else { hx-inline-box }
    let out = ()
    let at = 0
    for m in ms {
      if measure(m.text).width > w {
        out.push(s.slice(at, m.start))
        for seg in m.text.matches(hx-seg-re) {
          out += if measure(seg.text).width > w { seg.text.clusters().map(piece) } else { (piece(seg.text),) }
        }
        at = m.end
      }
    }
    if at == 0 { s } else { out.push(s.slice(at)); out.join() }
  }
}
// Values are shown as plain strings (never markup), long words broken when the line's width is given.
#let hx-show(v, width: none) = {
  let parts = hx-string(v).split("\n")
  if width != none { parts = parts.map(p => hx-brk(p, width)) }
  parts.join(linebreak(), default: "")
}

// Dot, hyphen or underscore leaders (a tab stop's w:leader) filling the width.
#let hx-leader(width, leader) = hx-inline-box(repeat(leader), width: width)

// Synthetic italic (Word slants fonts that have no italic face): every character of a text in
// its own box, slanted about the baseline, so lines still break between characters; spaces stay
// spaces.
#let hx-oblique(c) = {
  if type(c) == str {
    c.clusters().map(ch => if ch.trim() == "" { ch } else { hx-inline-box(skew(ax: -12deg, origin: bottom, reflow: false, ch)) }).join()
  } else if type(c) == content and c.has("text") { hx-oblique(c.text) }
  else if type(c) == content and c.has("children") { c.children.map(hx-oblique).join() }
  else { c }
}

// Tab stops (inlines.ts, emitTabbed): segs are the runs between tabs, stops (pos, align, leader)
// sorted by position, d the default stop, x0 where the first line starts.
#let hx-tabbed(segs, stops, d, x0) = context {
  // An empty box after each segment: measured alone, a segment's last CJK punctuation would count
  // as line-end punctuation, which Typst compresses; before a tab it keeps its full width.
  let ws = segs.map(seg => measure({ seg; box() }).width)
  let x = x0
  let out = ()
  for (i, seg) in segs.enumerate() {
    out.push(seg)
    x += ws.at(i)
    if i + 1 < segs.len() {
      let next = ws.at(i + 1)
      let stop = stops.find(st => st.pos > x + 0.01pt)
      let gap = if stop == none { (calc.floor(x / d) + 1) * d - x }
        else if stop.align == "right" or stop.align == "decimal" { calc.max(0pt, stop.pos - x - next) }
        else if stop.align == "center" { calc.max(0pt, stop.pos - x - next / 2) }
        else { stop.pos - x }
      let leader = if stop == none { none } else { stop.leader }
      out.push(if leader == none { h(gap) } else { hx-leader(gap, leader) })
      x += gap
    }
  }
  out.join()
}

// Floats with text beside them (floats.ts): a paragraph as atoms, the pieces between which a
// line may end — one CJK character with the closing punctuation after it and the opening before
// it (no line may start with a closing mark, GB/T 15834), a Latin word with its trailing spaces,
// a line break; f styles each piece.
#let hx-atom-re = regex("\n|[（《「『【〔〈“‘]*[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}][，。、：；！？）》」』】〕〉”’…—·]*\s*|[（《「『【〔〈“‘]*[^\s\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}（《「『【〔〈“‘，。、：；！？）》」』】〕〉”’…—·]+[，。、：；！？）》」』】〕〉”’…—·]*\s*|\S\s*|\s+")
#let hx-atoms(s, f) = s.matches(hx-atom-re).map(m => if m.text == "\n" { linebreak() } else { f(m.text) })
// Square and tight wrapping (ECMA-376 Part 1 §20.4.2.17, .18): the float fl (fw × fh) at pos
// ("left", "right", "center" or an offset from the column) and dy below the paragraph's top; the
// text on one side of it (side "left", "right" or "largest"), keeping dist from it. The most
// atoms whose lines start above the float's bottom (Word shortens every line that starts beside
// the float) are set beside it by first, the rest below at full width by rest. With no room
// beside the float, it takes its own lines above the paragraph (top-and-bottom).
#let hx-wrap(fl, fw, fh, pos, dy, dist, side, pitch, justify, atoms, first, rest) = layout(size => {
  let full = size.width
  let x = if pos == "left" { 0pt } else if pos == "right" { full - fw } else if pos == "center" { (full - fw) / 2 } else { calc.max(0pt, pos) }
  let left-room = x - dist.left
  let right-room = full - x - fw - dist.right
  let on-left = if side == "left" { true } else if side == "right" { false } else { left-room >= right-room }
  let room = if on-left { left-room } else { right-room }
  let alone = { block(width: 100%, breakable: false, inset: (top: dy, bottom: dist.bottom), pad(left: x, fl)); first(atoms.join()) }
  if room < 24pt { return alone }
  let limit = dy + fh + dist.bottom + pitch - 0.01pt
  let fits(k) = measure(block(width: room, first(atoms.slice(0, k).join()))).height <= limit
  let n = atoms.len()
  let lo = 0
  if fits(n) { lo = n } else {
    let hi = n
    while hi - lo > 1 {
      let mid = calc.quo(lo + hi, 2)
      if fits(mid) { lo = mid } else { hi = mid }
    }
  }
  if lo == 0 { return alone }
  let beside = first(atoms.slice(0, lo).join() + if justify and lo < n { linebreak(justify: true) })
  let cell = pad(left: if on-left { dist.left } else { x }, top: dy, fl)
  block(breakable: false, if on-left { grid(columns: (room, full - room), beside, cell) } else { grid(columns: (full - room, room), cell, beside) })
  if lo < n { rest(atoms.slice(lo).join()) }
})

// Data images: the engine maps each image of the data to a virtual path and puts
// ("$img": path, width?, height? in points) in its place.
#let hx-img(v) = {
  if type(v) == dictionary and "$img" in v {
    let w = v.at("width", default: none)
    let h = v.at("height", default: none)
    box(image(v.at("$img"), width: if w == none { auto } else { w * 1pt }, height: if h == none { auto } else { h * 1pt }))
  }
}

// Numbering. One Typst counter per abstract numbering; stepping level n resets deeper levels,
// like Word's default lvlRestart (ECMA-376 Part 1 §17.9.10).
${NUMBER_FORMAT_TYPST}
// lvl: (text, formats: per level, starts: per level, legal, level)
#let hx-num-label(values, lvl) = {
  let out = lvl.text
  for i in range(lvl.level + 1) {
    let start = lvl.starts.at(i, default: 1)
    let n = values.at(i, default: 0) + start - 1
    if values.at(i, default: 0) == 0 { n = start }
    let f = if lvl.legal and i < lvl.level { "decimal" } else { lvl.formats.at(i, default: "decimal") }
    out = out.replace("%" + str(i + 1), hx-fmt(n, f))
  }
  out
}
// Endnotes (blocks.ts emitNote): the reference shows its number in the document's endnote format
// (fmt, from start; Word's default i, ii, iii) and keeps the text for hx-endnote-list, which the
// program places after its last block.
// A note's number raised beside its text, which is blocks (footnote entries and endnotes).
#let hx-note-entry(num, body) = grid(columns: (auto, 1fr), column-gutter: 2pt, super(num), body)
#let hx-endnotes = state("hx-endnotes", ())
#let hx-endnote(body, fmt: "lowerRoman", start: 1) = {
  hx-endnotes.update(a => a + (body,))
  context super(hx-fmt(hx-endnotes.get().len() + start - 1, fmt))
}
#let hx-endnote-list(fmt: "lowerRoman", start: 1) = context {
  let notes = hx-endnotes.final()
  if notes.len() > 0 {
    v(12pt)
    line(length: 30%, stroke: 0.5pt + hx-text-color)
    v(3pt)
    for (i, n) in notes.enumerate() {
      hx-note-entry(hx-fmt(i + start, fmt), n)
    }
  }
}
// A numbering label and its suffix: Word's "tab" reaches the hanging indent, or the next default
// tab stop. In a box, so that justifying the line cannot squeeze the label's punctuation.
#let hx-label-box(label, hang, tabstop, suffix) = context {
  if suffix == "tab" {
    let w = measure(label).width
    hx-inline-box(label, width: if hang > 0pt and w < hang { hang } else { (calc.floor(w / tabstop) + 1) * tabstop })
  } else if suffix == "space" { label + " " } else { label }
}

// HTML fragments: the engine turns each fragment into Typst code with the same generator as the
// template and passes it in the data as ("$typst": code). eval() is safe here: every text in that
// code is an escaped string literal, the code can only call functions, and the only files it can
// read are the shadows the engine mapped for this render.
#let hx-html(v, scopes, inline: false) = {
  let key = if inline { "$typstInline" } else { "$typst" }
  if type(v) == dictionary and key in v {
    eval(v.at(key), mode: "code", scope: (
      s: scopes, hx-data: scopes.last(), hx-get: hx-get, hx-items: hx-items, hx-truthy: hx-truthy,
      hx-color: hx-color, hx-fill: hx-fill, hx-border: hx-border, hx-show: hx-show, hx-img: hx-img,
      hx-label-box: hx-label-box, hx-oblique: hx-oblique, hx-tabbed: hx-tabbed, hx-leader: hx-leader, hx-text-color: hx-text-color, hx-fmt: hx-fmt, hx-num-label: hx-num-label,
    ))
  } else { hx-show(v) }
}
`;
