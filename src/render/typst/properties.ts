/**
 * The PDF's document information from the core properties (doc.properties, tags filled at run
 * time): title -> Title, creator -> Author, subject -> Subject (Typst's `description`), keywords
 * -> Keywords. Word's own "description" (Comments) has no place in the PDF information dictionary.
 */
import type { Block, Inline, TemplateDocument } from '../model.js';
import type { CodegenContext } from './context.js';
import { str } from './escape.js';

const TYPST_ARGUMENT: Record<string, string> = {
  title: 'title',
  creator: 'author',
  subject: 'description',
  keywords: 'keywords',
};

/** Code of a string expression with the text of `inlines` (tags read from the scope chain `s`). */
function textExpr(ctx: CodegenContext, inlines: readonly Inline[]): string {
  const parts: string[] = [];
  for (const inline of inlines) {
    switch (inline.type) {
      case 'text':
        parts.push(str(inline.text));
        break;
      case 'value':
        parts.push(`hx-string(${ctx.dataRef(inline.path)})`);
        break;
      case 'section': {
        const body = textExpr(ctx, inline.children);
        const get = ctx.dataRef(inline.path);
        parts.push(
          inline.inverted
            ? `(if not hx-truthy(${get}) { ${body} } else { "" })`
            : `hx-items(${get}).map(it => { let s = it + s; ${body} }).join("", default: "")`,
        );
        break;
      }
      case 'tab':
      case 'break':
        parts.push('" "');
        break;
      default:
        break;
    }
  }
  return parts.length > 0 ? parts.join(' + ') : '""';
}

function paragraphsExpr(ctx: CodegenContext, blocks: readonly Block[]): string {
  const texts = blocks.flatMap((b) => (b.type === 'paragraph' ? [textExpr(ctx, b.children)] : []));
  return texts.length > 0 ? texts.join(' + " " + ') : '""';
}

/** `#set document(…)` for the document's core properties, or undefined when it has none. */
export function documentInfo(ctx: CodegenContext, doc: TemplateDocument): string | undefined {
  const args: string[] = [];
  for (const [name, blocks] of Object.entries(doc.properties ?? {})) {
    const arg = TYPST_ARGUMENT[name];
    if (arg === undefined) continue;
    // `.trim()`: a property whose tags are all empty leaves no blank title behind.
    args.push(`${arg}: (${paragraphsExpr(ctx, blocks)}).trim()`);
  }
  return args.length > 0 ? `#set document(${args.join(', ')})` : undefined;
}
