/** The public verification page (/verify): anyone checks a result's QR code or uploads its PDF. */
import { STYLE } from '../../platform/http/page-style.ts';
import { PROBLEM_PREFIXES_VI, PROBLEMS_VI } from './pdf-signature.ts';

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

// The page is in Vietnamese: the signature's problems (English in the API) are shown in Vietnamese.
export const VERIFY_JS = `const VI=${JSON.stringify(PROBLEMS_VI)},VI_PREFIX=${JSON.stringify(PROBLEM_PREFIXES_VI)};
function vi(p){if(VI[p])return VI[p];for(const k in VI_PREFIX)if(p.startsWith(k))return VI_PREFIX[k]+p.slice(k.length);return p;}
const LABEL={valid:'HỢP LỆ',invalid:'KHÔNG HỢP LỆ',revoked:'ĐÃ BỊ THU HỒI',unknown:'KHÔNG CÓ CHỮ KÝ SỐ'};
function row(dl,k,v){if(v===null||v===undefined||v==='')return;const dt=document.createElement('dt');dt.textContent=k;const dd=document.createElement('dd');dd.textContent=v;dl.append(dt,dd);}
function show(target,data){target.textContent='';const s=document.createElement('p');s.className='status '+data.status;s.textContent=LABEL[data.status]||data.status;target.append(s);
const dl=document.createElement('dl');row(dl,'Cơ quan ban hành',data.issuer);row(dl,'Người/tổ chức ký',data.signer||(data.signature&&data.signature.signer));
row(dl,'Mã hồ sơ',data.dossierCode);row(dl,'Ngày ban hành',data.issuedAt&&new Date(data.issuedAt).toLocaleString('vi-VN',{timeZone:'Asia/Ho_Chi_Minh'}));
row(dl,'Thu hồi',data.revokedAt&&(new Date(data.revokedAt).toLocaleString('vi-VN',{timeZone:'Asia/Ho_Chi_Minh'})+' — '+(data.revokedReason||'')));
row(dl,'Mã băm SHA-256',data.sha256);if(data.signature&&data.signature.problems&&data.signature.problems.length)row(dl,'Ghi chú',data.signature.problems.map(vi).join('; '));
if(data.issuedHere)row(dl,'Văn bản do hệ thống cấp',location.origin+data.issuedHere.url);target.append(dl);}
const m=location.pathname.match(/^\\/verify\\/([a-z0-9]+)$/);
const H={'accept-language':document.documentElement.lang};
if(m){fetch('/api/public/documents/'+m[1],{headers:H}).then(async r=>{const d=await r.json();if(!r.ok){document.getElementById('doc').textContent=d.detail;return;}show(document.getElementById('doc'),d);});}
document.getElementById('check').addEventListener('submit',async e=>{e.preventDefault();const f=document.getElementById('file').files[0];if(!f)return;
const r=await fetch('/api/public/verify',{method:'POST',headers:{'content-type':'application/pdf',...H},body:f});const d=await r.json();
if(!r.ok){document.getElementById('result').textContent=d.detail;return;}show(document.getElementById('result'),d);});`;
