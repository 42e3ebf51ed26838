// The save indicator: sums up every open document. "Gemt" means durable in the workspace file.
import { useEffect, useState } from 'react';
import { formatDanishDateTime } from '../../../shared/domain/labels.ts';
import { useSaveSummary } from '../hooks.ts';

const timeOnly = new Intl.DateTimeFormat('da-DK', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Copenhagen' });
const dayOnly = new Intl.DateTimeFormat('da-DK', { dateStyle: 'short', timeZone: 'Europe/Copenhagen' });

/** "kl. 10.12" today, the full Danish date and time otherwise. */
export function savedTimeLabel(iso: string, now = new Date()): string {
  const at = new Date(iso);
  return dayOnly.format(at) === dayOnly.format(now) ? `kl. ${timeOnly.format(at)}` : formatDanishDateTime(at);
}

export function SaveStatus() {
  const summary = useSaveSummary();
  // Re-render each minute so "i dag"/date formatting stays right past midnight.
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((t) => t + 1), 60_000);
    return () => clearInterval(timer);
  }, []);

  let text: string;
  // The short one where the top bar is narrow (styles.css: .label-narrow).
  let short: string;
  if (summary.state === 'error') [text, short] = ['Kunne ikke gemme – prøver igen', 'Ikke gemt – prøver igen'];
  else if (summary.state === 'saving') [text, short] = ['Gemmer …', 'Gemmer …'];
  else {
    const at = summary.lastSavedAt ? ` ${savedTimeLabel(summary.lastSavedAt)}` : '';
    [text, short] = [`Alle ændringer er gemt${at}`, `Gemt${at}`];
  }

  return (
    <div
      className={`save-status save-status-${summary.state}`}
      data-testid="save-status"
      data-state={summary.state}
      role="status"
      aria-live="polite"
      title={summary.state === 'error' && summary.error ? `Fejl: ${summary.error}` : String(text)}
    >
      <span className="save-status-dot" aria-hidden="true" />
      <span className="save-status-text label-wide">{text}</span>
      <span className="save-status-text label-narrow">{short}</span>
    </div>
  );
}
