/**
 * Drawn shapes and horizontal rules (VML, model ShapeRef / RuleRef) for the phone preview: a
 * shape as a small inline SVG of its size, floated like a picture when positioned; a rule as a
 * bar on a line of its own.
 */
import type { ImageAnchor, RuleRef, ShapeRef } from '../model.js';
import { backgroundColor, textColor } from './style.js';

const n = (v: number) => Math.round(v * 100) / 100;

export function shapeHtml(s: ShapeRef, theme: 'light' | 'dark'): string {
  const w = n(Math.max(s.width, 0.5));
  const h = n(Math.max(s.height, 0.5));
  const sw = s.line ? n(s.line.width) : 0;
  const stroke = s.line
    ? ` stroke="${textColor(s.line.color, theme)}" stroke-width="${sw}"${s.line.dash ? ` stroke-dasharray="${s.line.dash === 'dotted' ? sw : sw * 4}"` : ''}`
    : '';
  const fill = ` fill="${s.fill ? backgroundColor(s.fill, theme) : 'none'}"`;
  let body: string;
  if (s.kind === 'line') {
    const anti = (s.flipH ?? false) !== (s.flipV ?? false);
    body = `<line x1="0" y1="${anti ? h : 0}" x2="${w}" y2="${anti ? 0 : h}"${stroke}/>`;
  } else if (s.kind === 'ellipse') {
    body = `<ellipse cx="${n(w / 2)}" cy="${n(h / 2)}" rx="${n(w / 2)}" ry="${n(h / 2)}"${fill}${stroke}/>`;
  } else {
    const r = s.kind === 'roundRect' && s.radius ? ` rx="${n(s.radius)}"` : '';
    body = `<rect width="${w}" height="${h}"${r}${fill}${stroke}/>`;
  }
  const css = [`width:${w}pt`, `height:${h}pt`, 'max-width:100%', 'overflow:visible'];
  if (s.anchor) css.push(floatCss(s.anchor));
  return `<svg class="shape" viewBox="0 0 ${w} ${h}" style="${css.join(';')}" aria-hidden="true">${body}</svg>`;
}

export function ruleHtml(r: RuleRef, theme: 'light' | 'dark'): string {
  const width = r.width !== undefined ? `${n(r.width)}pt` : `${n((r.widthShare ?? 1) * 100)}%`;
  const margin = r.align === 'center' ? '0 auto' : r.align === 'right' ? '0 0 0 auto' : '0';
  const css = `display:block;width:${width};max-width:100%;height:${n(r.height)}pt;margin:${margin};background:${backgroundColor(r.color ?? 'A0A0A0', theme)}`;
  return `<span class="hr" role="separator" style="${css}"></span>`;
}

function floatCss(a: ImageAnchor): string {
  if (a.wrap === 'topAndBottom') return `display:block;margin:${a.alignH === 'center' ? '0 auto' : '0'}`;
  return `float:${a.alignH === 'right' ? 'right' : 'left'};margin:0 6pt`;
}
