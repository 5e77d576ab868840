/**
 * Data for template previews, generated from the field analysis: `sample` fills every field with
 * plausible placeholder content; `tags` shows each tag's name where its value would be.
 */
import { PNG } from 'pngjs';
import type { FieldSpec } from '../tags/index.js';

let placeholder: string | undefined;

/** A light grey 160×80 PNG with a border, as a data: URL (stands in for images). */
export function placeholderImage(): string {
  if (placeholder !== undefined) return placeholder;
  const png = new PNG({ width: 160, height: 80 });
  for (let y = 0; y < 80; y++)
    for (let x = 0; x < 160; x++) {
      const edge =
        x < 2 || y < 2 || x >= 158 || y >= 78 || Math.abs(x / 2 - y) < 1 || Math.abs((159 - x) / 2 - y) < 1;
      const i = (y * 160 + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = edge ? 150 : 225;
      png.data[i + 3] = 255;
    }
  placeholder = `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
  return placeholder;
}

function setIn(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      if (!(key in node)) node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
}

export function sampleData(fields: readonly FieldSpec[], mode: 'sample' | 'tags'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.path.length === 0) continue;
    switch (f.kind) {
      case 'text':
        setIn(out, f.path, mode === 'tags' ? `{${f.name}}` : `【${f.name}】`);
        break;
      case 'image':
        setIn(out, f.path, placeholderImage());
        break;
      case 'html':
        setIn(
          out,
          f.path,
          mode === 'tags' ? `<p>{~${f.name}}</p>` : `<p><b>${f.name}</b>：HTML 内容示例</p>`,
        );
        break;
      case 'condition':
        setIn(out, f.path, f.fields && f.fields.length > 0 ? sampleData(f.fields, mode) : true);
        break;
      case 'loop': {
        const count = mode === 'tags' ? 1 : 2;
        const items = Array.from({ length: count }, (_, i) => {
          const item = sampleData(f.fields ?? [], mode);
          if (mode === 'sample')
            for (const [k, v] of Object.entries(item))
              if (typeof v === 'string' && v.startsWith('【')) item[k] = `${v}${i + 1}`;
          return item;
        });
        setIn(out, f.path, items);
        break;
      }
    }
  }
  return out;
}
