/**
 * Server-rendered measurement pages: the public transparency page (/minh-bach, Vietnamese or English) and
 * the managers' no-JavaScript-era dashboard (/quan-ly).
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

export const DASHBOARD_HTML = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Theo dõi giải quyết hồ sơ — motcua</title><style>${STYLE}
main{max-width:72rem}.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.6rem}
.card{border:1px solid #ddd;border-radius:6px;padding:.5rem .7rem}.card b{display:block;font-size:1.4rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.4rem 0 1rem}th,td{border:1px solid #ddd;padding:.3rem .45rem;text-align:right}
th:first-child,td:first-child{text-align:left}button.link{background:none;border:0;color:#0b57d0;cursor:pointer;padding:0;font:inherit;text-decoration:underline;text-align:left}
nav ol{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem}nav li+li:before{content:'›';margin-right:.3rem}.late{color:#b71c1c}</style></head>
<body><main>
<h1>Theo dõi giải quyết hồ sơ</h1>
<nav aria-label="Cấp đơn vị"><ol id="crumbs"></ol></nav>
<form id="period"><label for="from">Từ ngày</label> <input id="from" type="date" required> <label for="to">đến ngày</label> <input id="to" type="date" required> <button type="submit">Xem</button></form>
<p id="status" aria-live="polite"></p>
<section aria-labelledby="h-sum"><h2 id="h-sum">Tổng hợp</h2><div class="cards" id="cards"></div></section>
<section aria-labelledby="h-trend"><h2 id="h-trend">Xu hướng theo tháng</h2><div id="trend"></div></section>
<section aria-labelledby="h-orgs"><h2 id="h-orgs">Theo đơn vị</h2><table><thead><tr><th scope="col">Đơn vị</th><th scope="col">Tiếp nhận</th><th scope="col">Đã giải quyết</th><th scope="col">Đúng hạn</th><th scope="col">Trễ hạn</th><th scope="col">Hài lòng</th></tr></thead><tbody id="orgs"></tbody></table></section>
<section aria-labelledby="h-procs"><h2 id="h-procs">Theo thủ tục</h2><table><thead><tr><th scope="col">Thủ tục</th><th scope="col">Tiếp nhận</th><th scope="col">Đúng hạn</th><th scope="col">Trễ hạn</th><th scope="col">Giờ xử lý TB</th></tr></thead><tbody id="procs"></tbody></table></section>
<section aria-labelledby="h-list"><h2 id="h-list">Hồ sơ</h2><p id="list-title"></p><table><thead><tr><th scope="col">Mã hồ sơ</th><th scope="col">Thủ tục</th><th scope="col">Người nộp</th><th scope="col">Trạng thái</th><th scope="col">Hạn</th></tr></thead><tbody id="list"></tbody></table></section>
</main><script src="/quan-ly.js"></script></body></html>`;

export const DASHBOARD_JS = `const $=id=>document.getElementById(id);
const pct=v=>v===null||v===undefined?'—':(v*100).toFixed(1).replace('.',',')+' %';
const num=v=>Number(v||0).toLocaleString('vi-VN');
const fmt=s=>s?s.slice(8,10)+'/'+s.slice(5,7)+'/'+s.slice(0,4)+' '+s.slice(11,16):'';
let orgs=[],me=null,current=null,procFilter=null;
async function api(url){const r=await fetch(url,{headers:{'accept-language':document.documentElement.lang}});if(r.status===401){location.href='/dang-nhap?next=/quan-ly';throw new Error('login');}
const d=await r.json();if(!r.ok){$('status').textContent=d.detail;throw new Error(d.detail);}return d;}
function cell(tr,text,cls){const td=document.createElement('td');td.textContent=text;if(cls)td.className=cls;tr.append(td);return td;}
function childOf(id){let o=orgs.find(x=>x.id===id);while(o&&o.parentId&&o.parentId!==current)o=orgs.find(x=>x.id===o.parentId);return o&&o.parentId===current?o.id:null;}
function crumbs(){const ol=$('crumbs');ol.textContent='';const chain=[];let o=orgs.find(x=>x.id===current);while(o){chain.unshift(o);if(o.id===me.orgId)break;o=orgs.find(x=>x.id===o.parentId);}
for(const c of chain){const li=document.createElement('li');const b=document.createElement('button');b.className='link';b.textContent=c.name;b.addEventListener('click',()=>{current=c.id;procFilter=null;load();});li.append(b);ol.append(li);}}
function trend(groups){const w=640,h=160,max=Math.max(1,...groups.map(g=>g.received));const bw=Math.min(64,w/Math.max(1,groups.length));
let svg='<svg role="img" aria-label="Số hồ sơ tiếp nhận và tỷ lệ đúng hạn theo tháng" width="100%" viewBox="0 0 '+w+' '+(h+30)+'" xmlns="http://www.w3.org/2000/svg">';
groups.forEach((g,i)=>{const bh=g.received/max*h;svg+='<rect x="'+(i*bw+4)+'" y="'+(h-bh)+'" width="'+(bw-8)+'" height="'+bh+'" fill="#90a4ae"><title>'+g.key+': '+num(g.received)+' hồ sơ, đúng hạn '+pct(g.onTimeRate)+'</title></rect>';
svg+='<text x="'+(i*bw+bw/2)+'" y="'+(h+14)+'" font-size="10" text-anchor="middle">'+g.key.slice(5)+'/'+g.key.slice(2,4)+'</text>';
if(g.onTimeRate!==null)svg+='<circle cx="'+(i*bw+bw/2)+'" cy="'+(h-g.onTimeRate*h)+'" r="3.5" fill="#c62828"/>';});
$('trend').innerHTML=svg+'</svg><p><small>Cột: hồ sơ tiếp nhận; chấm đỏ: tỷ lệ đúng hạn (0–100 %).</small></p>';}
async function load(){const from=$('from').value,to=$('to').value;crumbs();$('status').textContent='Đang tải…';
const q='org='+encodeURIComponent(current)+'&from='+from+'&to='+to;
const [sum,byOrg,byProc]=await Promise.all([api('/api/stats/kpis?'+q),api('/api/stats/kpis?'+q+'&groupBy=org'),api('/api/stats/kpis?'+q+'&groupBy=procedure')]);
const y=new Date(to);const tf=new Date(Date.UTC(y.getUTCFullYear(),y.getUTCMonth()-11,1)).toISOString().slice(0,10);
const byMonth=await api('/api/stats/kpis?org='+encodeURIComponent(current)+'&from='+tf+'&to='+to+'&groupBy=month');
const t=sum.total;$('status').textContent=sum.org.name+' — từ '+fmt(from+'T').slice(0,10)+' đến '+fmt(to+'T').slice(0,10);
const cards=[['Tiếp nhận',num(t.received)],['Từ chối tiếp nhận',num(t.refusedAtIntake)],['Trực tuyến',pct(t.onlineShare)],['Đúng hạn',pct(t.onTimeRate)],['Giờ xử lý trung bình',t.averageHandlingHours===null?'—':String(t.averageHandlingHours).replace('.',',')],['Hài lòng',pct(t.satisfaction.satisfiedOrBetter)],['Đang quá hạn',num(sum.openNow.overdue)]];
$('cards').textContent='';for(const [k,v] of cards){const d=document.createElement('div');d.className='card';d.textContent=k;const b=document.createElement('b');b.textContent=v;d.append(b);$('cards').append(d);}
trend(byMonth.groups);
const roll=new Map();for(const g of byOrg.groups){const c=childOf(g.key)||(g.key===current?current:null);if(!c)continue;const r=roll.get(c)||{received:0,finished:0,ok:0,late:0,rated:0,happy:0};
r.received+=g.received;r.finished+=g.finished;r.ok+=g.counters.finished_early+g.counters.finished_on_time;r.late+=g.counters.finished_late;r.rated+=g.counters.rated;r.happy+=g.counters.rated_satisfied+g.counters.rated_very_satisfied;roll.set(c,r);}
$('orgs').textContent='';for(const [id,r] of [...roll].sort((a,b)=>b[1].received-a[1].received)){const tr=document.createElement('tr');const o=orgs.find(x=>x.id===id);
const td=document.createElement('td');if(id!==current&&orgs.some(x=>x.parentId===id)||id!==current){const b=document.createElement('button');b.className='link';b.textContent=o?o.name:id;b.addEventListener('click',()=>{current=id;procFilter=null;load();});td.append(b);}else td.textContent=(o?o.name:id)+' (trực tiếp)';tr.append(td);
cell(tr,num(r.received));cell(tr,num(r.finished));cell(tr,r.finished?pct(r.ok/r.finished):'—');cell(tr,num(r.late),r.late?'late':'');cell(tr,r.rated?pct(r.happy/r.rated):'—');$('orgs').append(tr);}
$('procs').textContent='';for(const g of byProc.groups.sort((a,b)=>b.received-a.received)){const tr=document.createElement('tr');const td=document.createElement('td');const b=document.createElement('button');b.className='link';b.textContent=g.name||g.key;
b.addEventListener('click',()=>{procFilter=g.key;list(g.name||g.key);});td.append(b);tr.append(td);cell(tr,num(g.received));cell(tr,pct(g.onTimeRate));cell(tr,num(g.counters.finished_late),g.counters.finished_late?'late':'');cell(tr,g.averageHandlingHours===null?'—':String(g.averageHandlingHours).replace('.',','));$('procs').append(tr);}
await list(null);}
async function list(title){const q='org='+encodeURIComponent(current)+'&'+(procFilter?'procedure='+encodeURIComponent(procFilter)+'&limit=50':'late=true&limit=50');
const d=await api('/api/dossiers?'+q);$('list-title').textContent=procFilter?'Hồ sơ của thủ tục: '+title:'Hồ sơ trễ hạn hoặc quá hạn ('+d.total+')';
$('list').textContent='';for(const x of d.items){const tr=document.createElement('tr');cell(tr,x.code);cell(tr,x.procedure.name);cell(tr,x.applicantName);cell(tr,x.statusLabel.vi);cell(tr,fmt(x.dueAt),x.overdue?'late':'');$('list').append(tr);}}
(async()=>{me=await api('/api/auth/me');orgs=(await api('/api/organisations')).items;current=me.orgId;
// Today in Vietnam (UTC+7, no daylight saving), whatever the browser's time zone.
const vn=new Date(Date.now()+7*3600e3);$('to').value=vn.toISOString().slice(0,10);$('from').value=vn.toISOString().slice(0,8)+'01';
$('period').addEventListener('submit',e=>{e.preventDefault();load();});await load();})();`;
