/**
 * The public verification page (/verify): anyone checks a result's QR code or uploads its PDF. In
 * Vietnamese or English (?lang=, else Accept-Language, else Vietnamese); the page shows only its language.
 */
import { STYLE } from '../../platform/http/page-style.ts';
import { PROBLEM_PREFIXES_VI, PROBLEMS_VI } from './pdf-signature.ts';

const T = {
  vi: {
    title: 'Xác thực văn bản điện tử',
    check: 'Kiểm tra một tệp PDF',
    choose: 'Chọn tệp PDF đã ký số',
    submit: 'Kiểm tra',
    privacy: 'Trang này không hiển thị dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP).',
    other: { lang: 'en', label: 'English' },
  },
  en: {
    title: 'Verify an electronic document',
    check: 'Check a PDF file',
    choose: 'Choose a digitally signed PDF file',
    submit: 'Check',
    privacy: 'This page shows no personal data (Decree 13/2023/NĐ-CP).',
    other: { lang: 'vi', label: 'Tiếng Việt' },
  },
} as const;

export const verifyHtml = (lang: 'vi' | 'en') => {
  const t = T[lang];
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${t.title} — motcua</title><style>${STYLE}
.status{font-size:1.4rem;font-weight:700;padding:.5rem .75rem;border-radius:6px;display:inline-block}
.valid{background:#e8f5e9;color:#1b5e20}.invalid{background:#ffebee;color:#b71c1c}.revoked{background:#fff3e0;color:#e65100}.unknown{background:#eceff1;color:#37474f}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0;word-break:break-all}</style></head>
<body><main>
<p><a href="?lang=${t.other.lang}" lang="${t.other.lang}" hreflang="${t.other.lang}">${t.other.label}</a></p>
<h1>${t.title}</h1>
<section id="doc" aria-live="polite"></section>
<h2>${t.check}</h2>
<form id="check"><label for="file">${t.choose}</label><br>
<input id="file" name="file" type="file" accept="application/pdf"> <button type="submit">${t.submit}</button></form>
<section id="result" aria-live="polite"></section>
<p><small>${t.privacy}</small></p>
</main><script src="/verify.js"></script></body></html>`;
};

// One script for both languages, after the page's <html lang>. The signature's problems are English in
// the API; the Vietnamese page shows them in Vietnamese.
export const VERIFY_JS = `const EN=document.documentElement.lang==='en';
const VI=${JSON.stringify(PROBLEMS_VI)},VI_PREFIX=${JSON.stringify(PROBLEM_PREFIXES_VI)};
function vi(p){if(EN)return p;if(VI[p])return VI[p];for(const k in VI_PREFIX)if(p.startsWith(k))return VI_PREFIX[k]+p.slice(k.length);return p;}
const LABEL=EN?{valid:'VALID',invalid:'NOT VALID',revoked:'REVOKED',unknown:'NO DIGITAL SIGNATURE'}:{valid:'HỢP LỆ',invalid:'KHÔNG HỢP LỆ',revoked:'ĐÃ BỊ THU HỒI',unknown:'KHÔNG CÓ CHỮ KÝ SỐ'};
const K=EN?{issuer:'Issued by',signer:'Signed by',code:'Dossier code',issued:'Issued on',revoked:'Revoked',sha:'SHA-256 hash',notes:'Notes',here:'Document issued by this system'}:{issuer:'Cơ quan ban hành',signer:'Người/tổ chức ký',code:'Mã hồ sơ',issued:'Ngày ban hành',revoked:'Thu hồi',sha:'Mã băm SHA-256',notes:'Ghi chú',here:'Văn bản do hệ thống cấp'};
const when=s=>new Date(s).toLocaleString(EN?'en-GB':'vi-VN',{timeZone:'Asia/Ho_Chi_Minh'});
function row(dl,k,v){if(v===null||v===undefined||v==='')return;const dt=document.createElement('dt');dt.textContent=k;const dd=document.createElement('dd');dd.textContent=v;dl.append(dt,dd);}
function show(target,data){target.textContent='';const s=document.createElement('p');s.className='status '+data.status;s.textContent=LABEL[data.status]||data.status;target.append(s);
const dl=document.createElement('dl');row(dl,K.issuer,data.issuer);row(dl,K.signer,data.signer||(data.signature&&data.signature.signer));
row(dl,K.code,data.dossierCode);row(dl,K.issued,data.issuedAt&&when(data.issuedAt));
row(dl,K.revoked,data.revokedAt&&(when(data.revokedAt)+' — '+(data.revokedReason||'')));
row(dl,K.sha,data.sha256);if(data.signature&&data.signature.problems&&data.signature.problems.length)row(dl,K.notes,data.signature.problems.map(vi).join('; '));
if(data.issuedHere)row(dl,K.here,location.origin+data.issuedHere.url);target.append(dl);}
const m=location.pathname.match(/^\\/verify\\/([a-z0-9]+)$/);
const H={'accept-language':document.documentElement.lang};
if(m){fetch('/api/public/documents/'+m[1],{headers:H}).then(async r=>{const d=await r.json();if(!r.ok){document.getElementById('doc').textContent=d.detail;return;}show(document.getElementById('doc'),d);});}
document.getElementById('check').addEventListener('submit',async e=>{e.preventDefault();const f=document.getElementById('file').files[0];if(!f)return;
const r=await fetch('/api/public/verify',{method:'POST',headers:{'content-type':'application/pdf',...H},body:f});const d=await r.json();
if(!r.ok){document.getElementById('result').textContent=d.detail;return;}show(document.getElementById('result'),d);});`;
