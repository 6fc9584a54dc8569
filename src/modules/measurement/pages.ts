/**
 * The server-rendered public transparency page (/minh-bach, Vietnamese or English), which works without
 * JavaScript in the app. The managers' dashboard is in the web app (web/src/dashboard/, /quan-ly).
 */
import { STYLE } from '../../platform/http/page-style.ts';
import { INDEX766_CAVEAT } from './public-stats.ts';

/** The transparency page's words in both languages; the page shows only its own language. */
const T = {
  vi: {
    title: 'Công khai kết quả giải quyết thủ tục hành chính',
    period: 'Kỳ (tháng 2026-11, quý 2026-Q4 hoặc năm 2026)',
    show: 'Xem',
    table: 'Bảng số liệu',
    cols: ['Cơ quan', 'Tiếp nhận', 'Trực tuyến', 'Đúng hạn', 'Hài lòng', 'Điểm 766', 'Điểm đo được / chưa có số liệu'],
    openData: 'Dữ liệu mở',
    catalogue: 'danh mục (DCAT)',
    aggregate: 'Số liệu tổng hợp, không chứa dữ liệu cá nhân.',
    other: { lang: 'en', href: '?lang=en', label: 'English' },
  },
  en: {
    title: 'Public results of administrative procedures',
    period: 'Period (month 2026-11, quarter 2026-Q4 or year 2026)',
    show: 'Show',
    table: 'Figures',
    cols: ['Agency', 'Received', 'Online', 'On time', 'Satisfied', '766 score', 'Points measured / no data yet'],
    openData: 'Open data',
    catalogue: 'catalogue (DCAT)',
    aggregate: 'Aggregated figures, no personal data.',
    other: { lang: 'vi', href: '?lang=vi', label: 'Tiếng Việt' },
  },
} as const;

export const transparencyHtml = (lang: 'vi' | 'en') => {
  const t = T[lang];
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${t.title} — motcua</title><style>${STYLE}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ddd;padding:.3rem .45rem;text-align:right}
th:nth-child(1),td:nth-child(1){text-align:left}.bar{background:#c62828;height:.5rem;display:block;margin-top:.15rem}</style></head>
<body><main>
<p><a href="${t.other.href}" lang="${t.other.lang}" hreflang="${t.other.lang}">${t.other.label}</a></p>
<h1>${t.title}</h1>
<form id="f"><label for="period">${t.period}</label>
<input id="period" name="period" pattern="\\d{4}(-\\d{2}|-Q[1-4])?" size="10"> <button type="submit">${t.show}</button></form>
<p id="note" aria-live="polite"></p>
<div role="region" aria-label="${t.table}" tabindex="0" style="overflow-x:auto"><table><thead><tr>
${t.cols.map((c) => `<th scope="col">${c}</th>`).join('')}
</tr></thead><tbody id="rows"></tbody></table></div>
<p id="caveat"><small>${INDEX766_CAVEAT[lang]}</small></p>
<p>${t.openData}: <a id="csv" href="#">CSV</a> · <a id="json" href="#">JSON</a> · <a href="/open-data/catalog.json">${t.catalogue}</a>. ${t.aggregate}</p>
</main><script src="/minh-bach.js"></script></body></html>`;
};

// One script for both languages: it reads the page's <html lang> (numbers 97,5 % in Vietnamese, 97.5 % in English).
export const TRANSPARENCY_JS = `const EN=document.documentElement.lang==='en';
const W=EN?{period:'Period',units:n=>n===1?'agency':'agencies',none:'No dossiers in the period',measured:'/100 measured, ',noData:' no data yet'}:{period:'Kỳ',units:()=>'cơ quan',none:'Chưa phát sinh hồ sơ trong kỳ',measured:'/100 đo được, ',noData:' chưa có số liệu'};
const dec=(v,d)=>EN?v.toFixed(d):v.toFixed(d).replace('.',',');
const int=v=>v.toLocaleString(EN?'en-GB':'vi-VN');
const pct=v=>v===null||v===undefined?'—':dec(v*100,1)+' %';
async function load(period){const q=period?'?period='+encodeURIComponent(period):'';const r=await fetch('/api/public/stats'+q,{headers:{'accept-language':document.documentElement.lang}});const d=await r.json();
const note=document.getElementById('note');if(!r.ok){note.textContent=d.detail;return;}
document.getElementById('period').value=d.period;note.textContent=W.period+' '+d.period+' — '+d.items.length+' '+W.units(d.items.length);
document.getElementById('csv').href='/open-data/kpis/'+d.period+'.csv';document.getElementById('json').href='/open-data/kpis/'+d.period+'.json';
const tb=document.getElementById('rows');tb.textContent='';
for(const it of d.items.sort((a,b)=>(b.received-a.received)||((b.index766??-1)-(a.index766??-1)))){const tr=document.createElement('tr');
const name=document.createElement('td');name.textContent=it.orgName;tr.append(name);
for(const v of [int(it.received),int(it.receivedOnline),pct(it.onTimeRate),pct(it.satisfiedOrBetter)]){const td=document.createElement('td');td.textContent=v;tr.append(td);}
const s=document.createElement('td');if(it.index766===null){s.textContent='—';s.title=W.none;}else{s.textContent=dec(it.index766,2);const bar=document.createElement('span');bar.className='bar';bar.style.width=it.index766+'%';s.append(bar);}tr.append(s);
const m=document.createElement('td');m.textContent=it.index766MeasuredPoints===null?'—':it.index766MeasuredPoints+W.measured+it.index766NoDataPoints+W.noData;tr.append(m);tb.append(tr);}}
document.getElementById('f').addEventListener('submit',e=>{e.preventDefault();load(document.getElementById('period').value);});load('');`;
