import type { ButtonHTMLAttributes, ReactNode } from 'react';

/**
 * A button repeated on every row of a list ("Sửa", "Xóa", "Lên"): screen readers also hear what it
 * acts on ("Sửa Phường Sài Gòn"), so a list of them is not a list of identical names (WCAG 2.4.6).
 */
export function RowButton({ of, children, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { of: ReactNode }) {
  return (
    <button type="button" {...props}>
      {children}
      <span className="visually-hidden"> {of}</span>
    </button>
  );
}
