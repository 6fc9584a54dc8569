/** A labelled input with its error message tied to it (aria-describedby), as every form here needs. */
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface Common {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean | undefined;
}

function Wrap({ id, label, error, hint, required, children }: Common & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span aria-hidden="true" className="req"> *</span>}
      </label>
      {children}
      {hint && (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <div className="field-error" id={`${id}-err`}>
          {error}
        </div>
      )}
    </div>
  );
}

const describedBy = (id: string, c: Common) => [c.hint ? `${id}-hint` : '', c.error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;

export function TextField({ label, error, hint, required, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <Wrap id={input.id ?? id} label={label} error={error} hint={hint} required={required}>
      <input id={input.id ?? id} required={required} aria-invalid={!!error || undefined} aria-describedby={describedBy(input.id ?? id, { label, error, hint })} {...input} />
    </Wrap>
  );
}

export function TextArea({ label, error, hint, required, ...input }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <Wrap id={id} label={label} error={error} hint={hint} required={required}>
      <textarea id={id} required={required} aria-invalid={!!error || undefined} aria-describedby={describedBy(id, { label, error, hint })} rows={3} {...input} />
    </Wrap>
  );
}

export function SelectField({ label, error, hint, required, children, ...input }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <Wrap id={id} label={label} error={error} hint={hint} required={required}>
      <select id={id} required={required} aria-invalid={!!error || undefined} aria-describedby={describedBy(id, { label, error, hint })} {...input}>
        {children}
      </select>
    </Wrap>
  );
}
