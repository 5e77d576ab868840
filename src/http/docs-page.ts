/**
 * The API docs page at /docs: self-contained HTML that fetches /api/v1/openapi.json and lists every
 * operation with its parameters and schemas. No CDN — it must work on an offline machine.
 */
export const DOCS_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Hetong API</title>
<style>
body{font:14px/1.5 system-ui,"Noto Sans SC",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#8b1a1a;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
main{max-width:1000px;margin:0 auto;padding:16px}
.op{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:10px 0}
.op summary{cursor:pointer;padding:8px 12px;display:flex;gap:12px;align-items:center}
.m{font-weight:700;text-transform:uppercase;min-width:56px;font-family:monospace}
.get{color:#0969da}.post{color:#1a7f37}.put,.patch{color:#9a6700}.delete{color:#cf222e}
.path{font-family:monospace}.body{padding:0 12px 12px}pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:12px}
.sec{color:#57606a;font-size:12px}
</style></head>
<body><header><h1>Hetong 合同 — API</h1><div id="info"></div></header>
<main><p>Signed requests: see <code>components.securitySchemes.appSignature</code> in
<a href="/api/v1/openapi.json">openapi.json</a>. Errors are <code>{ "error": { "code", "message", "details" } }</code>.</p>
<div id="ops">Loading…</div></main>
<script>
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
fetch('/api/v1/openapi.json').then((r) => r.json()).then((doc) => {
  document.getElementById('info').textContent = doc.info.title + ' ' + doc.info.version;
  const out = [];
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    const sec = (op.security || []).map((s) => Object.keys(s).join(',')).join(' ');
    out.push('<details class="op"><summary><span class="m ' + method + '">' + method + '</span><span class="path">' + esc(path) +
      '</span><span>' + esc(op.summary) + '</span><span class="sec">' + esc(sec) + '</span></summary><div class="body">' +
      (op.parameters && op.parameters.length ? '<h4>Parameters</h4><pre>' + esc(JSON.stringify(op.parameters, null, 2)) + '</pre>' : '') +
      (op.requestBody ? '<h4>Request body</h4><pre>' + esc(JSON.stringify(op.requestBody.content, null, 2)) + '</pre>' : '') +
      '<h4>Responses</h4><pre>' + esc(JSON.stringify(op.responses, null, 2)) + '</pre></div></details>');
  }
  document.getElementById('ops').innerHTML = out.join('');
}).catch((e) => { document.getElementById('ops').textContent = 'cannot load openapi.json: ' + e; });
</script></body></html>`;
