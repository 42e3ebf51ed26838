// The paste transformation (shared/editor/paste/) in a blank Chromium page: Node has no HTML
// parser, and the code runs on the browser's own DOMParser in the app. The module is bundled with
// esbuild and its result read back through the section schema's real ProseMirror parser.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../electron/workspace/paths.ts';

export interface PmJson {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  content?: PmJson[];
}

export interface PasteResult {
  html: string;
  source: string;
  dropped: { images: number; footnotes: number; colours: number };
  notice: string | null;
  doc: PmJson;
}

export function fixture(name: string): string {
  return fs.readFileSync(path.join(repoRoot, 'test/fixtures/paste', name), 'utf8');
}

let bundle: Promise<string> | null = null;

function labBundle(): Promise<string> {
  bundle ??= build({
    stdin: {
      contents: `
        import { DOMParser as SchemaParser } from 'prosemirror-model';
        import { schema } from './shared/schema/schema.ts';
        import { cleanPastedHtml } from './shared/editor/paste/cleanHtml.ts';
        import { pasteNotice } from './shared/editor/paste/notice.ts';
        window.pasteLab = (html) => {
          const cleaned = cleanPastedHtml(html, new DOMParser());
          const holder = document.createElement('div');
          holder.innerHTML = cleaned.html;
          const doc = SchemaParser.fromSchema(schema).parse(holder);
          return { ...cleaned, notice: pasteNotice(cleaned.source, cleaned.dropped), doc: doc.toJSON() };
        };`,
      resolveDir: repoRoot,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0].text);
  return bundle;
}

/** Loads the transformation into `page` (a blank page); returns a function running it on HTML. */
export async function pasteLab(page: Page): Promise<(html: string) => Promise<PasteResult>> {
  await page.setContent('<!doctype html><html lang="da"><body></body></html>');
  await page.addScriptTag({ content: await labBundle() });
  return (html) => page.evaluate((h) => (window as unknown as { pasteLab: (h: string) => PasteResult }).pasteLab(h), html);
}

/** Every node of `node` (itself first), depth first. */
export function nodesOf(node: PmJson): PmJson[] {
  return [node, ...(node.content ?? []).flatMap(nodesOf)];
}

export function textOf(node: PmJson): string {
  return node.text ?? (node.content ?? []).map(textOf).join('');
}

/** The text runs carrying the mark `type`, joined per run. */
export function markedText(node: PmJson, type: string): string[] {
  return nodesOf(node)
    .filter((n) => n.text && n.marks?.some((m) => m.type === type))
    .map((n) => n.text!);
}

/** A list as nested arrays of item texts: ["a", ["a1", "a2"], "b"]; `kind` is the list's type. */
export type ListShape = (string | { kind: string; items: ListShape })[];

export function listShape(list: PmJson): { kind: string; items: ListShape } {
  const items: ListShape = [];
  for (const item of list.content ?? []) {
    for (const child of item.content ?? []) {
      if (child.type === 'paragraph') items.push(textOf(child));
      else items.push(listShape(child));
    }
  }
  return { kind: list.type, items };
}
