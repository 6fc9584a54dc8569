/**
 * The two server-rendered pages until the web app lands: a home page and the API documentation
 * (rendered in the browser from /api/openapi.json; no CDN, the script is served by us).
 */
const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1b1b1b}
h1{color:#b71c1c}code{background:#f3f3f3;padding:0 .25rem;border-radius:3px}a{color:#0b57d0}
.op{border:1px solid #ddd;border-radius:6px;margin:.5rem 0;padding:.5rem .75rem}.m{font-weight:700;display:inline-block;min-width:4rem}
.GET{color:#1565c0}.POST{color:#2e7d32}.PUT{color:#ef6c00}.DELETE{color:#c62828}details pre{white-space:pre-wrap;font-size:.8rem;background:#fafafa;padding:.5rem}`;

export const HOME_HTML = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>motcua — Một cửa</title><style>${STYLE}</style></head>
<body><main>
<h1>motcua — Hệ thống một cửa</h1>
<p>Tiếp nhận và giải quyết thủ tục hành chính, tính hạn theo thời gian làm việc.</p>
<form action="/api/procedures" method="get" role="search">
<label for="q">Tìm thủ tục (có thể gõ không dấu)</label><br>
<input id="q" name="q" placeholder="vd: dang ky ho kinh doanh" size="40"> <button type="submit">Tìm</button>
</form>
<h2>Tra cứu hồ sơ</h2>
<p>Tra cứu công khai theo mã hồ sơ và mã tra cứu in trên giấy tiếp nhận:
<code>GET /api/public/dossiers/{mã hồ sơ}?secret={mã tra cứu}</code></p>
<h2>Dành cho nhà phát triển</h2>
<ul><li><a href="/api/docs">Tài liệu API</a> (<a href="/api/openapi.json">OpenAPI 3.1</a>)</li>
<li><a href="/api/health">Tình trạng hệ thống</a></li></ul>
</main></body></html>`;

export const DOCS_HTML = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>motcua API</title><style>${STYLE}</style></head>
<body><main><h1>motcua API</h1><p id="intro">Đang tải…</p><div id="ops"></div></main>
<script src="/api/docs.js"></script></body></html>`;

export const DOCS_JS = `fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{
document.getElementById('intro').textContent=doc.info.description+' (v'+doc.info.version+')';
const ops=document.getElementById('ops');
for(const [path,methods] of Object.entries(doc.paths)){for(const [m,op] of Object.entries(methods)){
const d=document.createElement('div');d.className='op';
const h=document.createElement('div');const b=document.createElement('span');b.className='m '+m.toUpperCase();b.textContent=m.toUpperCase();
const c=document.createElement('code');c.textContent=path;h.append(b,' ',c,' — '+op.summary+' ['+(Array.isArray(op['x-access'])?op['x-access'].join(', '):op['x-access'])+']');d.append(h);
const det=document.createElement('details');const s=document.createElement('summary');s.textContent='Schema';const pre=document.createElement('pre');
pre.textContent=JSON.stringify({parameters:op.parameters,requestBody:op.requestBody},null,2);det.append(s,pre);d.append(det);ops.append(d);}}});`;
