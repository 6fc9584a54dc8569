/**
 * Server-rendered API documentation page (rendered in the browser from /api/openapi.json; no CDN, the
 * script is served by us).
 */
import { STYLE } from '../../platform/http/page-style.ts';

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
