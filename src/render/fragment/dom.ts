/**
 * A minimal element tree from htmlparser2's callback parser. Only what the converter reads is
 * kept: tag names, attributes, text. Elements that could run code, fetch or hide content — script,
 * style, iframe, object, embed, template, svg, math … — are dropped with everything inside them.
 * Event handler attributes are never read by the converter, so they cannot take effect.
 */
import { Parser } from 'htmlparser2';

export interface ElementNode {
  type: 'element';
  name: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}
export interface TextNode {
  type: 'text';
  text: string;
}
export type HtmlNode = ElementNode | TextNode;

const DROPPED = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'template',
  'svg',
  'math',
  'noscript',
  'head',
  'title',
  'link',
  'meta',
  'base',
  'audio',
  'video',
  'canvas',
  'select',
  'textarea',
  'button',
  'input',
]);

export function parseHtml(html: string): { root: ElementNode; dropped: string[] } {
  const root: ElementNode = { type: 'element', name: '#root', attrs: {}, children: [] };
  const stack: ElementNode[] = [root];
  const dropped: string[] = [];
  let droppedDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (droppedDepth > 0 || DROPPED.has(name)) {
          if (droppedDepth === 0) dropped.push(name);
          droppedDepth += 1;
          return;
        }
        const el: ElementNode = { type: 'element', name, attrs, children: [] };
        stack[stack.length - 1]!.children.push(el);
        stack.push(el);
      },
      ontext(text) {
        if (droppedDepth > 0) return;
        const parent = stack[stack.length - 1]!;
        const last = parent.children[parent.children.length - 1];
        if (last?.type === 'text') last.text += text;
        else parent.children.push({ type: 'text', text });
      },
      onclosetag() {
        if (droppedDepth > 0) {
          droppedDepth -= 1;
          return;
        }
        if (stack.length > 1) stack.pop();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return { root, dropped };
}
