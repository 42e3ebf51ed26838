// Word import benchmark (issue 11): "import of that .docx back < 3 s" on a ~3,000-clause agreement.
//
// The .docx is made with the `docx` package (a real Word file, not Enighed's own export): a title,
// the two part headings, the template's theme groups as level-2 headings in each part with level-3
// sub-headings, and 3,000 body paragraphs of generated Danish text (each one a clause), with bullet
// lists, tables and bold runs spread through it. Measured, each from the bytes: the preview (read +
// mapping on the Word worker, what the dialog waits for), and the whole import into a fresh
// workspace file (worker, schema check, Yjs, the document check, SQLite), with the main thread's
// longest event-loop block and the process' peak memory (RSS) during it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prng from 'lib0/prng';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { call as callService, recordingClient } from '../helpers/serviceCalls.ts';
import type { WordImportPreview } from '../../shared/api/wordContract.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { loadTemplates } from '../../electron/workspace/templates.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { sentence } from './danishText.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const TEMPLATES = path.join(repoRoot, 'resources/templates');

/** Target: the whole import of a ~3,000-clause .docx (ms). */
export const IMPORT_TARGET_MS = 3000;

export interface ImportBenchResult {
  clauses: number;
  bytes: number;
  previewMs: number;
  importMs: number;
  longestBlockMs: number;
  peakRssMb: number;
  targets: { import: boolean };
}

/** A generated earlier-generation agreement as .docx bytes, with `clauses` body paragraphs. */
export async function generatedAgreementDocx(seed: number, clauses: number): Promise<Uint8Array> {
  const gen = prng.create(seed);
  const template = loadTemplates(TEMPLATES)[0].file;
  const groups = template.themeGroups.map((g) => g.name);
  const children: (Paragraph | Table)[] = [new Paragraph({ text: 'Sundhedsaftale 2007–2010', heading: HeadingLevel.TITLE })];
  const perSection = Math.ceil(clauses / (groups.length * 2));
  let written = 0;
  for (const part of ['Politisk del', 'Sundhedsfaglig del']) {
    children.push(new Paragraph({ text: part, heading: HeadingLevel.HEADING_1 }));
    for (const group of groups) {
      children.push(new Paragraph({ text: group, heading: HeadingLevel.HEADING_2 }));
      for (let i = 0; i < perSection && written < clauses; i++, written++) {
        if (i % 40 === 0) children.push(new Paragraph({ text: `Indsats ${i / 40 + 1}`, heading: HeadingLevel.HEADING_3 }));
        const words = sentence(gen).split(' ');
        const cut = Math.max(1, Math.floor(words.length / 3));
        children.push(new Paragraph({ children: [new TextRun(words.slice(0, cut).join(' ') + ' '), new TextRun({ text: words.slice(cut, cut + 2).join(' '), bold: true }), new TextRun(' ' + words.slice(cut + 2).join(' '))] }));
        if (i % 10 === 3) for (let k = 0; k < 3; k++) children.push(new Paragraph({ text: sentence(gen), bullet: { level: k === 2 ? 1 : 0 } }));
        if (i % 25 === 7) {
          children.push(
            new Table({
              rows: [0, 1, 2].map((r) => new TableRow({ children: [0, 1].map((c) => new TableCell({ children: [new Paragraph(r === 0 ? (c === 0 ? 'Ydelse' : 'Frist') : sentence(gen))] })) })),
            }),
          );
        }
      }
    }
  }
  const doc = new Document({ creator: 'Enighed bench', title: 'Sundhedsaftale 2007–2010', sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export async function runImportBench(options: { seed?: number; clauses?: number } = {}): Promise<ImportBenchResult> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const clauses = options.clauses ?? 3000;
  console.log(`\nimport (seed ${seed}): a generated .docx of ${clauses} clauses, read, mapped and written into a new workspace`);
  const bytes = await generatedAgreementDocx(seed, clauses);
  const timed = await timedImport(bytes, await generatedAgreementDocx(seed, 20));
  if (timed.mapped !== clauses) throw new Error(`mapped ${timed.mapped} clauses, expected ${clauses}`);
  if (timed.written !== clauses) throw new Error(`wrote ${timed.written} clauses, expected ${clauses}`);
  const out: ImportBenchResult = {
    clauses,
    bytes: bytes.byteLength,
    previewMs: timed.previewMs,
    importMs: timed.importMs,
    longestBlockMs: timed.longestBlockMs,
    peakRssMb: timed.peakRssMb,
    targets: { import: timed.importMs < IMPORT_TARGET_MS },
  };
  console.log(`  .docx: ${(out.bytes / 1024).toFixed(0)} kB, ${timed.sections} sections, ${clauses} clauses`);
  console.log(`  preview (read + mapping on the Word worker): ${out.previewMs.toFixed(0)} ms`);
  console.log(`  whole import (worker, Yjs, checks, SQLite): ${out.importMs.toFixed(0)} ms  (target < ${IMPORT_TARGET_MS} ms: ${out.targets.import ? 'met' : 'MISSED'})`);
  console.log(`  main thread's longest event-loop block during the import: ${out.longestBlockMs.toFixed(0)} ms; peak RSS ${out.peakRssMb.toFixed(0)} MB`);
  return out;
}

export interface TimedImport {
  sections: number;
  /** Clauses the preview mapped, and the import wrote. */
  mapped: number;
  written: number;
  previewMs: number;
  importMs: number;
  longestBlockMs: number;
  peakRssMb: number;
}

/** `bytes` previewed and imported as a new agreement through the service, as the app does it (after
 *  a warm-up on `warmUp`, not counted): the import bench's generated file, the export bench's own. */
export async function timedImport(bytes: Uint8Array, warmUp: Uint8Array): Promise<TimedImport> {
  const dir = tempDir('enighed-import-bench-');
  const service = WorkspaceService.open({ workspacePath: path.join(dir, 'bench.sqlite'), templatesDir: TEMPLATES });
  try {
    const client = recordingClient('bench');
    const call = <T,>(method: string, params: unknown) => callService<T>(service, client, method, params);
    const target = { kind: 'new', templateId: 'gen2-midtjylland' } as const;
    // Warm-up (worker start-up, module loading) on a small file, not counted.
    await call('previewWordImport', { bytes: warmUp, target, trackedChanges: 'accept' });

    let t = performance.now();
    const preview = await call<WordImportPreview>('previewWordImport', { bytes, target, trackedChanges: 'accept' });
    const previewMs = performance.now() - t;

    // The main thread's longest gap between two ticks of a 5 ms interval: its longest block.
    let peak = process.memoryUsage().rss;
    let longest = 0;
    let lastTick = performance.now();
    const sampler = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - lastTick);
      lastTick = now;
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    t = performance.now();
    const choices = preview.plan.sections.map(({ index, title, part, themeGroupId, targetSectionId }) => ({ index, title, part, themeGroupId, targetSectionId }));
    const result = await call<{ clauses: number }>('applyWordImport', { bytes, target, trackedChanges: 'accept', choices });
    const importMs = performance.now() - t;
    longest = Math.max(longest, performance.now() - lastTick);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      sections: preview.plan.sections.length,
      mapped: preview.plan.totals.clauses,
      written: result.clauses,
      previewMs,
      importMs,
      longestBlockMs: longest,
      peakRssMb: peak / 1024 / 1024,
    };
  } finally {
    service.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
