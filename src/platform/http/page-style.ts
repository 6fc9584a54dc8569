/** The one stylesheet of the small server-rendered pages (API docs, verification, transparency, dashboard). */
export const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1b1b1b}
h1{color:#b71c1c}code{background:#f3f3f3;padding:0 .25rem;border-radius:3px}a{color:#0b57d0}
.op{border:1px solid #ddd;border-radius:6px;margin:.5rem 0;padding:.5rem .75rem}.m{font-weight:700;display:inline-block;min-width:4rem}
.GET{color:#1565c0}.POST{color:#2e7d32}.PUT{color:#ef6c00}.DELETE{color:#c62828}details pre{white-space:pre-wrap;font-size:.8rem;background:#fafafa;padding:.5rem}`;
