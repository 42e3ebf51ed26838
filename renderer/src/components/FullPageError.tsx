import type { ReactNode } from 'react';

/** A page that replaces the whole app when it cannot work at all (the workspace file will not open). */
export function FullPageError({ testId, title, message, children }: { testId: string; title: string; message: string; children?: ReactNode }) {
  return (
    <main className="full-page-error" data-testid={testId} role="alert">
      <div className="full-page-error-card">
        <div className="full-page-error-icon" aria-hidden="true">!</div>
        <h1>{title}</h1>
        <p className="full-page-error-message">{message}</p>
        {children}
      </div>
    </main>
  );
}
