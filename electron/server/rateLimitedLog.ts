// Log lines limited per cause: at most `linesPerCause` lines of one cause per window; the rest are
// counted, and one summary line says how many were left out. 20,000 wrong tokens write ten lines
// and a summary, not 20,000 lines.

export interface RateLimitedLog {
  /** Writes `line` unless this cause has used its lines in the current window. */
  (cause: string, line: string): void;
  /** Writes the summaries still owed (on close). */
  flush(): void;
}

export function rateLimitedLog(sink: (line: string, cause: string) => void, options: { linesPerCause: number; windowMs: number }): RateLimitedLog {
  const windows = new Map<string, { start: number; written: number; suppressed: number; timer: NodeJS.Timeout | null }>();

  const summarise = (cause: string) => {
    const w = windows.get(cause);
    if (!w) return;
    if (w.timer) clearTimeout(w.timer);
    windows.delete(cause);
    if (w.suppressed > 0) sink(`… ${w.suppressed} lignende linjer mere (${cause}) blev ikke skrevet de sidste ${Math.round((Date.now() - w.start) / 1000)} s.`, cause);
  };

  const log = ((cause: string, line: string) => {
    const now = Date.now();
    let w = windows.get(cause);
    if (w && now - w.start >= options.windowMs) {
      summarise(cause);
      w = undefined;
    }
    if (!w) {
      w = { start: now, written: 0, suppressed: 0, timer: null };
      windows.set(cause, w);
    }
    if (w.written < options.linesPerCause) {
      w.written++;
      sink(line, cause);
      return;
    }
    w.suppressed++;
    // The summary comes at the window's end even if no further line of this cause arrives.
    if (!w.timer) {
      w.timer = setTimeout(() => summarise(cause), Math.max(0, w.start + options.windowMs - now));
      w.timer.unref();
    }
  }) as RateLimitedLog;
  log.flush = () => {
    for (const cause of [...windows.keys()]) summarise(cause);
  };
  return log;
}
