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

export const VERIFY_HTML = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Xác thực văn bản điện tử — motcua</title><style>${STYLE}
.status{font-size:1.4rem;font-weight:700;padding:.5rem .75rem;border-radius:6px;display:inline-block}
.valid{background:#e8f5e9;color:#1b5e20}.invalid{background:#ffebee;color:#b71c1c}.revoked{background:#fff3e0;color:#e65100}.unknown{background:#eceff1;color:#37474f}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0;word-break:break-all}</style></head>
<body><main>
<h1>Xác thực văn bản điện tử</h1>
<section id="doc" aria-live="polite"></section>
<h2>Kiểm tra một tệp PDF</h2>
<form id="check"><label for="file">Chọn tệp PDF đã ký số</label><br>
<input id="file" name="file" type="file" accept="application/pdf"> <button type="submit">Kiểm tra</button></form>
<section id="result" aria-live="polite"></section>
<p><small>Trang này không hiển thị dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP).</small></p>
</main><script src="/verify.js"></script></body></html>`;

export const VERIFY_JS = `const LABEL={valid:'HỢP LỆ',invalid:'KHÔNG HỢP LỆ',revoked:'ĐÃ BỊ THU HỒI',unknown:'KHÔNG CÓ CHỮ KÝ SỐ'};
function row(dl,k,v){if(v===null||v===undefined||v==='')return;const dt=document.createElement('dt');dt.textContent=k;const dd=document.createElement('dd');dd.textContent=v;dl.append(dt,dd);}
function show(target,data){target.textContent='';const s=document.createElement('p');s.className='status '+data.status;s.textContent=LABEL[data.status]||data.status;target.append(s);
const dl=document.createElement('dl');row(dl,'Cơ quan ban hành',data.issuer);row(dl,'Người/tổ chức ký',data.signer||(data.signature&&data.signature.signer));
row(dl,'Mã hồ sơ',data.dossierCode);row(dl,'Ngày ban hành',data.issuedAt&&new Date(data.issuedAt).toLocaleString('vi-VN',{timeZone:'Asia/Ho_Chi_Minh'}));
row(dl,'Thu hồi',data.revokedAt&&(new Date(data.revokedAt).toLocaleString('vi-VN',{timeZone:'Asia/Ho_Chi_Minh'})+' — '+(data.revokedReason||'')));
row(dl,'Mã băm SHA-256',data.sha256);if(data.signature&&data.signature.problems&&data.signature.problems.length)row(dl,'Ghi chú',data.signature.problems.join('; '));
if(data.issuedHere)row(dl,'Văn bản do hệ thống cấp',location.origin+data.issuedHere.url);target.append(dl);}
const m=location.pathname.match(/^\\/verify\\/([a-z0-9]+)$/);
if(m){fetch('/api/public/documents/'+m[1]).then(async r=>{const d=await r.json();if(!r.ok){document.getElementById('doc').textContent=d.detail;return;}show(document.getElementById('doc'),d);});}
document.getElementById('check').addEventListener('submit',async e=>{e.preventDefault();const f=document.getElementById('file').files[0];if(!f)return;
const r=await fetch('/api/public/verify',{method:'POST',headers:{'content-type':'application/pdf'},body:f});const d=await r.json();
if(!r.ok){document.getElementById('result').textContent=d.detail;return;}show(document.getElementById('result'),d);});`;

export const TRANSPARENCY_HTML = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Công khai kết quả giải quyết thủ tục hành chính — motcua</title><style>${STYLE}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ddd;padding:.3rem .45rem;text-align:right}
th:nth-child(1),td:nth-child(1){text-align:left}.bar{background:#c62828;height:.5rem;display:block;margin-top:.15rem}</style></head>
<body><main>
<h1>Công khai kết quả giải quyết thủ tục hành chính</h1>
<form id="f"><label for="period">Kỳ (tháng 2026-11, quý 2026-Q4 hoặc năm 2026)</label>
<input id="period" name="period" pattern="\\d{4}(-\\d{2}|-Q[1-4])?" size="10"> <button type="submit">Xem</button></form>
<p id="note" aria-live="polite"></p>
<div role="region" aria-label="Bảng số liệu" tabindex="0" style="overflow-x:auto"><table><thead><tr>
<th scope="col">Cơ quan</th><th scope="col">Tiếp nhận</th><th scope="col">Trực tuyến</th><th scope="col">Đúng hạn</th><th scope="col">Hài lòng</th><th scope="col">Điểm 766</th>
</tr></thead><tbody id="rows"></tbody></table></div>
<p>Dữ liệu mở: <a id="csv" href="#">CSV</a> · <a id="json" href="#">JSON</a> · <a href="/open-data/catalog.json">danh mục (DCAT)</a>. Số liệu tổng hợp, không chứa dữ liệu cá nhân.</p>
</main><script src="/minh-bach.js"></script></body></html>`;

export const TRANSPARENCY_JS = `const pct=v=>v===null||v===undefined?'—':(v*100).toFixed(1).replace('.',',')+' %';
async function load(period){const q=period?'?period='+encodeURIComponent(period):'';const r=await fetch('/api/public/stats'+q);const d=await r.json();
const note=document.getElementById('note');if(!r.ok){note.textContent=d.detail;return;}
document.getElementById('period').value=d.period;note.textContent='Kỳ '+d.period+' — '+d.items.length+' cơ quan';
document.getElementById('csv').href='/open-data/kpis/'+d.period+'.csv';document.getElementById('json').href='/open-data/kpis/'+d.period+'.json';
const tb=document.getElementById('rows');tb.textContent='';
for(const it of d.items.sort((a,b)=>b.index766-a.index766)){const tr=document.createElement('tr');
const name=document.createElement('td');name.textContent=it.orgName;tr.append(name);
for(const v of [it.received.toLocaleString('vi-VN'),it.receivedOnline.toLocaleString('vi-VN'),pct(it.onTimeRate),pct(it.satisfiedOrBetter)]){const td=document.createElement('td');td.textContent=v;tr.append(td);}
const s=document.createElement('td');s.textContent=it.index766.toFixed(2).replace('.',',');const bar=document.createElement('span');bar.className='bar';bar.style.width=it.index766+'%';s.append(bar);tr.append(s);tb.append(tr);}}
document.getElementById('f').addEventListener('submit',e=>{e.preventDefault();load(document.getElementById('period').value);});load('');`;
