/**
 * The server-rendered public transparency page (/minh-bach), which works without JavaScript in the app.
 * The managers' dashboard is in the web app (web/src/dashboard/, /quan-ly).
 */
import { STYLE } from '../../platform/http/page-style.ts';
import { INDEX766_CAVEAT } from './public-stats.ts';

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
<th scope="col">Cơ quan</th><th scope="col">Tiếp nhận</th><th scope="col">Trực tuyến</th><th scope="col">Đúng hạn</th><th scope="col">Hài lòng</th><th scope="col">Điểm 766</th><th scope="col">Điểm đo được / chưa có số liệu</th>
</tr></thead><tbody id="rows"></tbody></table></div>
<p id="caveat"><small>${INDEX766_CAVEAT.vi}</small></p>
<p lang="en"><small>${INDEX766_CAVEAT.en}</small></p>
<p>Dữ liệu mở: <a id="csv" href="#">CSV</a> · <a id="json" href="#">JSON</a> · <a href="/open-data/catalog.json">danh mục (DCAT)</a>. Số liệu tổng hợp, không chứa dữ liệu cá nhân.</p>
</main><script src="/minh-bach.js"></script></body></html>`;

export const TRANSPARENCY_JS = `const pct=v=>v===null||v===undefined?'—':(v*100).toFixed(1).replace('.',',')+' %';
async function load(period){const q=period?'?period='+encodeURIComponent(period):'';const r=await fetch('/api/public/stats'+q,{headers:{'accept-language':document.documentElement.lang}});const d=await r.json();
const note=document.getElementById('note');if(!r.ok){note.textContent=d.detail;return;}
document.getElementById('period').value=d.period;note.textContent='Kỳ '+d.period+' — '+d.items.length+' cơ quan';
document.getElementById('csv').href='/open-data/kpis/'+d.period+'.csv';document.getElementById('json').href='/open-data/kpis/'+d.period+'.json';
const tb=document.getElementById('rows');tb.textContent='';
for(const it of d.items.sort((a,b)=>(b.received-a.received)||((b.index766??-1)-(a.index766??-1)))){const tr=document.createElement('tr');
const name=document.createElement('td');name.textContent=it.orgName;tr.append(name);
for(const v of [it.received.toLocaleString('vi-VN'),it.receivedOnline.toLocaleString('vi-VN'),pct(it.onTimeRate),pct(it.satisfiedOrBetter)]){const td=document.createElement('td');td.textContent=v;tr.append(td);}
const s=document.createElement('td');if(it.index766===null){s.textContent='—';s.title='Chưa phát sinh hồ sơ trong kỳ';}else{s.textContent=it.index766.toFixed(2).replace('.',',');const bar=document.createElement('span');bar.className='bar';bar.style.width=it.index766+'%';s.append(bar);}tr.append(s);
const m=document.createElement('td');m.textContent=it.index766MeasuredPoints===null?'—':it.index766MeasuredPoints+'/100 đo được, '+it.index766NoDataPoints+' chưa có số liệu';tr.append(m);tb.append(tr);}}
document.getElementById('f').addEventListener('submit',e=>{e.preventDefault();load(document.getElementById('period').value);});load('');`;
