/**
 * Files for one component of a dossier: drag and drop or choose, type and size checked before
 * sending, a progress bar per file, remove before submitting. The server sniffs the content again.
 */
import { useId, useState, type DragEvent } from 'react';
import { ApiError, uploadFile } from '../lib/api.ts';
import { useT } from '../lib/i18n.tsx';
import { formatSize } from '../lib/format.ts';
import { useSession } from '../lib/session.tsx';
import { RowButton } from '../ui/row-button.tsx';

const ACCEPTED = ['application/pdf', 'image/png', 'image/jpeg'];
const ACCEPTED_EXT = /\.(pdf|png|jpe?g)$/i;

export interface UploadedFile {
  uploadId: string;
  filename?: string;
  size?: number;
}

interface Props {
  label: string;
  required?: boolean;
  hint?: string;
  files: UploadedFile[];
  onChange: (files: UploadedFile[]) => void;
  error?: string | undefined;
}

export function UploadField({ label, required, hint, files, onChange, error }: Props) {
  const t = useT();
  const { maxUploadBytes } = useSession().limits;
  const id = useId();
  const [progress, setProgress] = useState<Array<{ name: string; fraction: number }>>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [over, setOver] = useState(false);

  const add = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    setProblem(null);
    let current = files;
    for (const file of Array.from(list)) {
      if (!(ACCEPTED.includes(file.type) || ACCEPTED_EXT.test(file.name))) {
        setProblem(t('upload.badType', { name: file.name }));
        continue;
      }
      if (file.size > maxUploadBytes) {
        setProblem(t('upload.tooLarge', { name: file.name, max: formatSize(maxUploadBytes) }));
        continue;
      }
      if (file.size === 0) {
        setProblem(t('upload.empty', { name: file.name }));
        continue;
      }
      setProgress((p) => [...p, { name: file.name, fraction: 0 }]);
      try {
        const r = await uploadFile(file, (fraction) => setProgress((p) => p.map((x) => (x.name === file.name ? { ...x, fraction } : x))));
        current = [...current, { uploadId: r.id, filename: r.filename, size: r.size }];
        onChange(current);
      } catch (e) {
        setProblem(e instanceof ApiError ? `${file.name}: ${e.message}` : String(e));
      } finally {
        setProgress((p) => p.filter((x) => x.name !== file.name));
      }
    }
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void add(e.dataTransfer.files);
  };
  const shown = problem ?? error;
  return (
    <div className={`upload${over ? ' over' : ''}${shown ? ' invalid' : ''}`} onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={drop}>
      <label htmlFor={id} className="upload-label">
        {label}
        {required && <span aria-hidden="true" className="req"> *</span>}
        {required && <span className="visually-hidden"> ({t('common.required')})</span>}
      </label>
      {hint && <div className="hint">{hint}</div>}
      <div className="drop">
        <span aria-hidden="true">{t('upload.drop')}</span>
        <input id={id} type="file" multiple accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" onChange={(e) => { void add(e.target.files); e.target.value = ''; }} aria-describedby={shown ? `${id}-err` : undefined} />
      </div>
      {progress.map((p) => (
        <div key={p.name} className="progress-row">
          <span>{p.name}</span>
          <progress max={1} value={p.fraction} aria-label={t('upload.progress', { name: p.name })} />
        </div>
      ))}
      {files.length > 0 && (
        <ul className="files">
          {files.map((f) => (
            <li key={f.uploadId}>
              <span>
                {f.filename ?? f.uploadId}
                {f.size !== undefined ? ` (${formatSize(f.size)})` : ''}
              </span>
              <RowButton of={f.filename} className="link" onClick={() => onChange(files.filter((x) => x.uploadId !== f.uploadId))}>
                {t('upload.remove')}
              </RowButton>
            </li>
          ))}
        </ul>
      )}
      {shown && (
        <div className="field-error" id={`${id}-err`} role="alert">
          {shown}
        </div>
      )}
    </div>
  );
}
