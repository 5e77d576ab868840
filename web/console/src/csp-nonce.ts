/**
 * The style nonce of this page (console-pages.ts puts a fresh one in the CSP and in
 * `<meta name="csp-nonce">` of each answer). antd's own styles take it through ConfigProvider, but
 * two feature probes of its helpers (cssinjs' selector-support check, rc-util's scrollbar
 * measurement) write a <style> without one, which the CSP refuses and reports. Every <style>
 * element created by our scripts gets the nonce: that is what the nonce grants anyway (only our
 * own scripts run: script-src 'self'). Imported first by main.tsx, before antd creates any.
 */
export const styleNonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';

const create = document.createElement.bind(document);
document.createElement = ((tagName: string, options?: ElementCreationOptions) => {
  const element = create(tagName, options);
  if (styleNonce && element instanceof HTMLStyleElement) element.nonce = styleNonce;
  return element;
}) as typeof document.createElement;
