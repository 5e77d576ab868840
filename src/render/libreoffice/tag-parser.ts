import type { DXT } from 'docxtemplater';

/**
 * docxtemplater's tag parser with dotted paths: `{partyA.name}` reads `partyA` then `name`;
 * `{.}` is the current loop item. Like docxtemplater's default, a name not found in the
 * current loop item is looked up in the enclosing scopes (the scope manager calls `get` on
 * each scope from the innermost out until one answers something other than undefined).
 */
export function dottedPathParser(tag: string): DXT.Parser {
  const trimmed = tag.trim();
  const path = trimmed === '.' || trimmed === '' ? [] : trimmed.split('.').map((s) => s.trim());
  return {
    get(scope: unknown): unknown {
      let value: unknown = scope;
      for (const key of path) {
        if (value === null || typeof value !== 'object') return undefined;
        // Own properties only: a template must not reach prototype members such as constructor.
        if (!Object.prototype.hasOwnProperty.call(value, key)) return undefined;
        value = (value as Record<string, unknown>)[key];
      }
      return value;
    },
  };
}
