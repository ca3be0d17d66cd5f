import type { ReactNode } from 'react';

/** An error or warning box that screen readers announce as soon as it appears. */
export function Alert({
  title,
  children,
  tone = 'error',
}: {
  title?: string;
  children?: ReactNode;
  tone?: 'error' | 'warning' | 'info';
}) {
  return (
    <div role={tone === 'info' ? 'status' : 'alert'} className={`alert alert-${tone}`}>
      {title ? <p className="alert-title">{title}</p> : null}
      {children}
    </div>
  );
}
