/**
 * `hx-fmt(n, format)` for the prelude: Word's number formats (ECMA-376 Part 1 §17.18.59) in Typst,
 * where list, note and page numbers are known only at layout time. It runs the algorithms of
 * ../number-format.ts over the same tables (FORMAT_SPECS, written into the program as a
 * dictionary); number-format.typst.test.ts checks both give the same text.
 */
import { FORMAT_SPECS, MAX_REPEATED, MAX_REPEATS, type FormatSpec } from '../number-format.js';
import { arr, str } from './escape.js';

function specLiteral(spec: FormatSpec): string {
  const fields = Object.entries(spec).map(([key, value]) => {
    const v =
      typeof value === 'string'
        ? str(value)
        : typeof value === 'boolean'
          ? String(value)
          : arr((value as string[]).map(str));
    return `${key}: ${v}`;
  });
  return `(${fields.join(', ')})`;
}

const specs = Object.entries(FORMAT_SPECS)
  .map(([name, spec]) => `  ${str(name)}: ${specLiteral(spec)},`)
  .join('\n');

export const NUMBER_FORMAT_TYPST = String.raw`
// Number formats (number-format.ts): the tables of FORMAT_SPECS and its algorithms.
#let hx-fmt-specs = (
${specs}
)
#let hx-fmt-digits(n, digits) = str(n).clusters().map(c => digits.at(int(c))).join()
#let hx-fmt-roman(n) = {
  let out = ""
  for (v, s) in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")) {
    out += s * calc.quo(n, v)
    n = calc.rem(n, v)
  }
  out
}
#let hx-fmt-group(g, s, elide) = {
  let places = (calc.quo(g, 1000), calc.rem(calc.quo(g, 100), 10), calc.rem(calc.quo(g, 10), 10), calc.rem(g, 10))
  let units = (s.units.at(2), s.units.at(1), s.units.at(0), "")
  let out = ""
  let seen = false
  let gap = false
  for i in range(4) {
    let d = places.at(i)
    if d == 0 {
      if seen { gap = true }
    } else {
      if gap { out += s.zero }
      gap = false
      out += (if d == 1 and i < 3 and elide { "" } else { s.digits.at(d) }) + units.at(i)
      seen = true
    }
  }
  out
}
#let hx-fmt-myriad(n, s, whole) = {
  if n >= 100000000 {
    let rest = calc.rem(n, 100000000)
    let head = hx-fmt-myriad(calc.quo(n, 100000000), s, whole) + s.hundredMillion
    if rest == 0 { return head }
    return head + (if rest < 10000000 { s.zero } else { "" }) + hx-fmt-myriad(rest, s, whole)
  }
  let elide = s.elideOne == "always" or (s.elideOne == "below20" and whole < 20)
  let high = calc.quo(n, 10000)
  let low = calc.rem(n, 10000)
  let out = if high > 0 { hx-fmt-group(high, s, elide) + s.myriad } else { "" }
  if low > 0 { out += (if high > 0 and low < 1000 { s.zero } else { "" }) + hx-fmt-group(low, s, elide) }
  out
}
#let hx-fmt(n, f) = {
  let s = hx-fmt-specs.at(f, default: (kind: "decimal"))
  let k = s.kind
  if k == "none" { return "" }
  if n < 0 { return str(n) }
  if k == "decimal" { return str(n) }
  if k == "decimalZero" { return if n < 10 { "0" + str(n) } else { str(n) } }
  if k == "digits" { return hx-fmt-digits(n, s.digits) }
  if k == "hex" { return upper(str(n, base: 16)) }
  if k == "numberInDash" { return "- " + str(n) + " -" }
  if k == "ordinal" {
    let t = calc.rem(n, 100)
    let suffix = if t >= 11 and t <= 13 { "th" } else { ("th", "st", "nd", "rd").at(calc.rem(n, 10), default: "th") }
    return str(n) + suffix
  }
  if k == "tens" {
    if n < 10 { return s.digits.at(n) }
    if n >= 100 { return hx-fmt-digits(n, s.digits) }
    let t = calc.quo(n, 10)
    return (if t > 1 { s.digits.at(t) } else { "" }) + s.ten + (if calc.rem(n, 10) > 0 { s.digits.at(calc.rem(n, 10)) } else { "" })
  }
  if k == "myriad" { return if n == 0 { s.digits.at(0) } else { hx-fmt-myriad(n, s, n) } }
  if n == 0 { return "0" }
  if k == "roman" {
    if n > ${MAX_REPEATED} { return str(n) }
    return if s.upper { hx-fmt-roman(n) } else { lower(hx-fmt-roman(n)) }
  }
  if k == "letters" {
    let len = s.symbols.len()
    if n > ${MAX_REPEATED} or n > len * ${MAX_REPEATS} { return str(n) }
    return s.symbols.at(calc.rem(n - 1, len)) * (calc.quo(n - 1, len) + 1)
  }
  if k == "cycle" { return s.symbols.at(calc.rem(n - 1, s.symbols.len())) }
  if k == "enclosed" { return s.symbols.at(n - 1, default: str(n)) }
  str(n)
}
`;
