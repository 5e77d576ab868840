import { Parser } from 'htmlparser2';

export interface HtmlElement {
  kind: 'element';
  name: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}
export type HtmlNode = HtmlElement | { kind: 'text'; text: string };

const VOID = new Set(['br', 'img', 'hr', 'col', 'input', 'meta', 'link']);

/** Parses an HTML fragment into a small tree (htmlparser2 is forgiving of unclosed tags). */
export function parseHtmlFragment(html: string): HtmlElement {
  const root: HtmlElement = { kind: 'element', name: '#root', attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const el: HtmlElement = { kind: 'element', name, attrs, children: [] };
        stack[stack.length - 1]!.children.push(el);
        if (!VOID.has(name)) stack.push(el);
      },
      onclosetag(name) {
        if (VOID.has(name)) return;
        const top = stack[stack.length - 1];
        if (top && top !== root && top.name === name) stack.pop();
      },
      ontext(text) {
        stack[stack.length - 1]!.children.push({ kind: 'text', text });
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return root;
}
