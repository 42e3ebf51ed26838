// Two honest participants editing the same section through the server while it is flooded: each
// inserts a paragraph holding a numbered marker at the start or the end of the section every
// `intervalMs` (section text as the editor writes it, so it passes the server's document check),
// and records when the other's markers arrive. Afterwards: did both end with the same text holding every
// marker, and how long did a marker take to reach the other side (p50/p99)?
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { NodeWebSocket } from '../../sync/syncClient.ts';
import { insertParagraph, paragraphTexts, sectionFragment } from './sectionText.ts';

const MARKER = /⟦(\w+):(\d+)⟧/g;
const textOf = (doc: Y.Doc) => paragraphTexts(doc).join('\n');

interface Editor {
  name: string;
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  sent: number;
}

export interface HonestResult {
  converged: boolean;
  /** Markers written in total, and those missing from either replica. */
  written: number;
  missing: string[];
  latenciesMs: number[];
  text: string;
}

export class HonestPair {
  private readonly editors: Editor[];
  private readonly sentAt = new Map<string, number>();
  private readonly latencies: number[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(url: string, documentName: string, people: { name: string; token: string }[], private readonly gen: prng.PRNG) {
    this.editors = people.map(({ name, token }) => {
      const doc = new Y.Doc();
      const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: NodeWebSocket, delay: 100, minDelay: 100, maxDelay: 2000, maxAttempts: 0 });
      const provider = new HocuspocusProvider({ websocketProvider: socket, name: documentName, document: doc, token, awareness: null });
      provider.attach();
      const seen = new Set<string>();
      doc.on('afterTransaction', (transaction: Y.Transaction) => {
        if (transaction.local) return;
        const now = performance.now();
        for (const m of textOf(doc).matchAll(MARKER)) {
          if (m[1] === name || seen.has(m[0])) continue;
          seen.add(m[0]);
          const at = this.sentAt.get(m[0]);
          if (at !== undefined) this.latencies.push(now - at);
        }
      });
      return { name, doc, provider, socket, sent: 0 };
    });
  }

  /** Resolves once both are synced with the server. */
  async ready(timeoutMs: number): Promise<void> {
    await until(() => this.editors.every((e) => e.provider.isSynced), timeoutMs, 'de ærlige klienter kom ikke i forbindelse');
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      for (const editor of this.editors) {
        const marker = `⟦${editor.name}:${editor.sent++}⟧`;
        this.sentAt.set(marker, performance.now());
        insertParagraph(editor.doc, marker, prng.bool(this.gen) ? 0 : sectionFragment(editor.doc).length);
      }
    }, intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Waits (up to `timeoutMs`) until both replicas hold the same text with nothing unsynced. */
  async settle(timeoutMs: number): Promise<HonestResult> {
    const [a, b] = this.editors;
    const same = () =>
      a.provider.unsyncedChanges === 0 && b.provider.unsyncedChanges === 0 && textOf(a.doc) === textOf(b.doc);
    const converged = await until(same, timeoutMs, '').then(
      () => true,
      () => false,
    );
    const texts = this.editors.map((e) => textOf(e.doc));
    const missing: string[] = [];
    for (const marker of this.sentAt.keys()) {
      texts.forEach((text, i) => {
        if (!text.includes(marker)) missing.push(`${marker} hos ${this.editors[i].name}`);
      });
    }
    return { converged, written: this.sentAt.size, missing, latenciesMs: [...this.latencies], text: texts[0] };
  }

  destroy(): void {
    this.stop();
    for (const e of this.editors) {
      e.provider.destroy();
      e.socket.destroy();
    }
  }
}

async function until(done: () => boolean, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The value below which `p` of `values` lie (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
