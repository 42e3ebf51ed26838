// The export worker (electron/export/worker/): a 1,500-clause agreement exported as .docx on the
// worker keeps this thread's event loop free (busy a small share of the time, where the same export
// on this thread keeps it busy almost throughout), gives the same document, asks for the file name
// after the gate and before rendering, prints a PDF through the printer it is given, and refuses
// a bad scope with the Danish message (and then exports again).
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { strFromU8, unzipSync } from 'fflate';
import { exportAgreement, type ExportRequest } from '../../electron/export/exportAgreement.ts';
import { exportOnWorker } from '../../electron/export/worker/client.ts';
import { withPlaywrightPrinter } from '../../electron/export/pdf/printer.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { writeAgreement } from '../../shared/structure/structureDoc.ts';
import { buildAgreement } from '../bench/overview-bench.ts';
import { longestGap } from '../helpers/bigSection.ts';
import { CHROMIUM } from '../helpers/browser.ts';

const NOW = new Date('2010-06-01T10:00:00Z');
const { agreement, docs } = buildAgreement(prng.create(20101), 1500);
const all = new Map<string, Y.Doc>([[structureDocId(agreement.id), (() => { const d = new Y.Doc(); writeAgreement(d, agreement); return d; })()]]);
for (const [sectionId, doc] of docs) all.set(sectionDocId(agreement.id, sectionId), doc);
const encoded = [...all].map(([docId, doc]) => ({ docId, update: Y.encodeStateAsUpdate(doc) }));
const docOf = (docId: string) => all.get(docId) ?? new Y.Doc();
const request: ExportRequest = { agreementId: agreement.id, kind: 'horing', format: 'docx', scope: { kind: 'agreement' }, now: NOW };
const documentXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']!);

describe('export worker', () => {
  it('exports a large agreement off this event loop, with the same document as on it', async () => {
    // The share of time this thread's event loop is busy (eventLoopUtilization: not fooled by a
    // loaded machine descheduling the thread, which the longest gap, printed too, is).
    let mark = performance.eventLoopUtilization();
    const inline = exportAgreement(docOf, request, null);
    const inlineGap = await longestGap(inline);
    const inlineBusy = performance.eventLoopUtilization(mark).utilization;
    mark = performance.eventLoopUtilization();
    const progress: string[] = [];
    const named: string[] = [];
    const onWorker = exportOnWorker(
      { request: { ...request, internalSide: null }, docs: encoded, pinnedRootKey: null, askFirst: true },
      { progress: (stage) => progress.push(stage), named: async (fileName) => { named.push(fileName); return true; }, printer: null },
    );
    const workerGap = await longestGap(onWorker);
    const workerBusy = performance.eventLoopUtilization(mark).utilization;
    const [a, b] = [await inline, await onWorker];
    if (a.state !== 'done' || b.state !== 'done') throw new Error('not exported');
    expect(documentXml(b.bytes)).toBe(documentXml(a.bytes));
    expect(named).toEqual(['Sundhedsaftale 2011-2014 – Høringsversion – 2010-06-01.docx']);
    expect(progress).toContain('Skriver Word-dokumentet …');
    console.log(
      `export worker: event loop busy ${(inlineBusy * 100).toFixed(0)} % (longest gap ${inlineGap.toFixed(0)} ms) on this thread, ${(workerBusy * 100).toFixed(0)} % (${workerGap.toFixed(0)} ms) with the worker`,
    );
    expect(inlineBusy).toBeGreaterThan(0.6);
    expect(workerBusy).toBeLessThan(0.25);
  }, 120_000);

  it('stops before rendering when the save dialog is cancelled, prints PDFs through the given printer, refuses a bad scope', async () => {
    let rendered = false;
    const cancelled = await exportOnWorker(
      { request: { ...request, internalSide: null }, docs: encoded, pinnedRootKey: null, askFirst: true },
      { progress: (stage) => (rendered ||= stage.startsWith('Skriver')), named: async () => false, printer: null },
    );
    expect(cancelled).toEqual({ state: 'cancelled', fileName: 'Sundhedsaftale 2011-2014 – Høringsversion – 2010-06-01.docx' });
    expect(rendered).toBe(false);

    const sectionId = agreement.sections[0]!.id;
    const pdf = await withPlaywrightPrinter(CHROMIUM, (printer) =>
      exportOnWorker(
        { request: { ...request, format: 'pdf', scope: { kind: 'section', sectionId }, internalSide: null }, docs: encoded, pinnedRootKey: null, askFirst: false },
        { progress: () => {}, named: async () => true, printer },
      ),
    );
    if (pdf.state !== 'done') throw new Error('not printed');
    expect(new TextDecoder().decode(pdf.bytes.subarray(0, 5))).toBe('%PDF-');

    await expect(
      exportOnWorker({ request: { ...request, scope: { kind: 'section', sectionId: 'findes-ikke' }, internalSide: null }, docs: encoded, pinnedRootKey: null, askFirst: false }, { progress: () => {}, named: async () => true, printer: null }),
    ).rejects.toThrow('Afsnittet "findes-ikke" findes ikke i aftalen.');
    // The worker that refused is kept and does the next export.
    const after = await exportOnWorker(
      { request: { ...request, scope: { kind: 'section', sectionId }, internalSide: null }, docs: encoded, pinnedRootKey: null, askFirst: false },
      { progress: () => {}, named: async () => true, printer: null },
    );
    expect(after.state).toBe('done');
  }, 120_000);
});
