// Summaries of V8 CPU profiles (the DevTools `Profiler.stop` format, from Node's inspector or from
// Chromium over CDP): where the samples fall, by module and by function, as self time (the function's
// own code) and as inclusive time (the function and everything it called).

export interface CallFrame {
  functionName: string;
  url: string;
  /** 0-based. */
  lineNumber: number;
  columnNumber: number;
}

export interface CpuProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  /** Microseconds since the previous sample. */
  timeDeltas?: number[];
}

/** The module a frame's code belongs to ("y-prosemirror", "shared/editor/clauseStatus.ts", "(gc)"). */
export type ModuleOf = (frame: CallFrame) => string;

export interface ProfileSummary {
  /** Sampled time, ms (idle excluded). */
  totalMs: number;
  byModule: { module: string; selfMs: number }[];
  bySelf: { fn: string; selfMs: number }[];
  byInclusive: { fn: string; inclusiveMs: number }[];
}

/** "node_modules/y-prosemirror/src/…" → "y-prosemirror"; other paths stay as they are. */
export function packageOrPath(relativePath: string): string {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(relativePath);
  return m ? m[1] : relativePath;
}

export function summarizeProfile(profile: CpuProfile, moduleOf: ModuleOf, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: CpuProfileNode) => {
    const f = n.callFrame;
    const module = moduleOf(f);
    if (f.functionName.startsWith('(')) return f.functionName;
    // Line numbers only where they mean something (tsx's transpiled output puts a module on one line).
    return `${f.functionName || '(anonymous)'} (${module}${f.lineNumber > 0 ? `:${f.lineNumber + 1}` : ''})`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const modules = new Map<string, number>();
  let total = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // A sample stands for the time until the next one.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const node = byId.get(samples[i]);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    total += ms;
    const name = label(node);
    self.set(name, (self.get(name) ?? 0) + ms);
    const module = node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : moduleOf(node.callFrame);
    modules.set(module, (modules.get(module) ?? 0) + ms);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      if (n.callFrame.functionName === '(root)') continue;
      const key = label(n);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    totalMs: total,
    byModule: sorted(modules).map(([module, selfMs]) => ({ module, selfMs })),
    bySelf: sorted(self).map(([fn, selfMs]) => ({ fn, selfMs })),
    byInclusive: sorted(inclusive).map(([fn, inclusiveMs]) => ({ fn, inclusiveMs })),
  };
}

/** The summary as report lines; `per` divides the times (e.g. by the number of operations profiled). */
export function formatProfile(s: ProfileSummary, per = 1, unit = 'ms'): string[] {
  const f = (ms: number) => `${(ms / per).toFixed(3).padStart(9)} ${unit}  ${((ms / (s.totalMs || 1)) * 100).toFixed(1).padStart(5)} %`;
  return [
    `    sampled (not idle): ${(s.totalMs / per).toFixed(3)} ${unit}`,
    '    self time by module:',
    ...s.byModule.map((m) => `      ${f(m.selfMs)}  ${m.module}`),
    '    self time by function:',
    ...s.bySelf.map((x) => `      ${f(x.selfMs)}  ${x.fn}`),
    '    inclusive time by function (the function and its callees):',
    ...s.byInclusive.map((x) => `      ${f(x.inclusiveMs)}  ${x.fn}`),
  ];
}
