// Word import end to end through the real workspace (SQLite file, Yjs documents, the worker thread):
// the CLI's --dry-run JSON, a new agreement written from a .docx LibreOffice made, filling an
// existing agreement, and bad input refused with a Danish message and the workspace file's bytes
// unchanged.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { suggestionAuthors } from '../../shared/negotiation/suggestionsDoc.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { docxWithoutBody, earlierGenerationDocx, zipBomb } from '../helpers/wordFixtures.ts';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const dir = tempDir('enighed-word-import-');
let docxPath: string;

function newWorkspace(name: string, demo: boolean): string {
  const file = path.join(dir, name);
  WorkspaceService.open({ workspacePath: file, templatesDir, seedDemo: demo }).close();
  return file;
}

beforeAll(() => {
  docxPath = path.join(dir, 'aeldre.docx');
  fs.writeFileSync(docxPath, earlierGenerationDocx(dir));
}, 120_000);

describe('npm run import-docx', () => {
  it('--dry-run prints the mapping as JSON and writes nothing', () => {
    const workspace = newWorkspace('dry.sqlite', true);
    const before = fs.readFileSync(workspace);
    const run = runCli('importDocx', workspace, docxPath, '--dry-run');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.target).toEqual({ kind: 'new', templateId: 'gen2-midtjylland' });
    expect(json.plan.title).toBe('Sundhedsaftale 2007–2010');
    expect(json.plan.sections.map((s: { title: string; targetSectionId: string | null }) => [s.title, s.targetSectionId])).toEqual([
      ['Indlæggelse og udskrivning', 'indlaeggelse-politisk'],
      ['Genoptræning og rehabilitering', null],
      ['Indlæggelse og udskrivning', 'indlaeggelse-sundhedsfaglig'],
    ]);
    expect(json.plan.totals).toMatchObject({ clauses: 5, lists: 2, tables: 1, subgoals: 1, headings: 1 });
    expect(json.plan.notMapped.map((n: { kind: string }) => n.kind)).toEqual(['footnote', 'colour']);
    expect(fs.readFileSync(workspace).equals(before)).toBe(true);
  });

  it('refuses bad input with a Danish message, exit 1, and the workspace file unchanged', () => {
    const workspace = newWorkspace('bad.sqlite', true);
    const before = fs.readFileSync(workspace);
    const good = fs.readFileSync(docxPath);
    const cases: [string, Uint8Array, RegExp][] = [
      ['ikke-word.docx', new TextEncoder().encode('Hej, dette er ikke et Word-dokument.'), /filen er ikke et Word-dokument \(\.docx\)/],
      ['afkortet.docx', good.subarray(0, Math.floor(good.byteLength / 2)), /beskadiget eller ufuldstændig/],
      ['uden-broedtekst.docx', docxWithoutBody(), /ingen brødtekst/],
      ['zipbombe.docx', zipBomb(200, false), /zip-bombe/],
    ];
    for (const [name, bytes, message] of cases) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      for (const args of name === 'afkortet.docx' ? [[], ['--dry-run']] : [[]]) {
        const run = runCli('importDocx', workspace, file, ...args);
        expect(run.status, name).toBe(1);
        expect(run.stderr, name).toMatch(/^Word-filen kan ikke indlæses: /);
        expect(run.stderr, name).toMatch(message);
        expect(run.stdout).toBe('');
        expect(fs.readFileSync(workspace).equals(before), name).toBe(true);
      }
    }
    const missing = runCli('importDocx', path.join(dir, 'findes-ikke.sqlite'), docxPath);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/findes ikke/);
    expect(fs.existsSync(path.join(dir, 'findes-ikke.sqlite'))).toBe(false);
  }, 120_000);

  it('writes a new agreement: matched sections filled, a new section made, tracked changes kept as suggestions by their Word authors', () => {
    const workspace = newWorkspace('new.sqlite', false);
    const run = runCli('importDocx', workspace, docxPath, '--keep-changes');
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ sectionsCreated: 1, sectionsFilled: 2, clauses: 5 });
    const service = WorkspaceService.open({ workspacePath: workspace, templatesDir });
    try {
      const port = service.wordImportPort();
      const agreement = readAgreement(port.doc(structureDocId(result.agreementId)))!;
      expect(agreement.title).toBe('Sundhedsaftale 2007–2010');
      const created = agreement.sections.find((s) => s.title === 'Genoptræning og rehabilitering');
      expect(created).toMatchObject({ part: 'politisk', themeGroupId: null, level: 'generel' });
      const text = (sectionId: string) => {
        const doc = port.doc(sectionDocId(result.agreementId, sectionId));
        return { node: yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(SECTION_FRAGMENT), schema), doc };
      };
      const { node, doc } = text('indlaeggelse-politisk');
      expect(node.childCount).toBe(4);
      expect(node.child(0).type.name).toBe('clause');
      expect(typeof node.child(0).attrs.id).toBe('string');
      expect(node.textContent).toContain('Kommunen sørger for gamle hjælp og hjælpemidler');
      expect([...suggestionAuthors(doc).values()].map((a) => a.by.name).sort()).toEqual(['Anna Andersen', 'Bo Berg']);
      expect(text(created!.id).node.child(0).child(1).type.name).toBe('table');
      expect(text('indlaeggelse-sundhedsfaglig').node.textContent).toBe('Udskrivningsrapporten sendes elektronisk samme dag.');
      // Sections the file did not name are left as the template made them.
      expect(text('traening-politisk').node.textContent).toBe('');
    } finally {
      service.close();
    }
  }, 60_000);

  it('fills the empty sections of an existing agreement it matches, and adds the section it does not', () => {
    const workspace = newWorkspace('fill.sqlite', false);
    let service = WorkspaceService.open({ workspacePath: workspace, templatesDir });
    const { agreementId } = service.handlers.createAgreement({ templateId: 'gen2-midtjylland', demo: false }, { id: 't', send: () => {} }) as { agreementId: string };
    service.close();
    const run = runCli('importDocx', workspace, docxPath, '--agreement', agreementId);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ agreementId, sectionsCreated: 1, sectionsFilled: 2, clauses: 5 });
    service = WorkspaceService.open({ workspacePath: workspace, templatesDir });
    try {
      const port = service.wordImportPort();
      const node = yXmlFragmentToProseMirrorRootNode(port.doc(sectionDocId(agreementId, 'indlaeggelse-sundhedsfaglig')).getXmlFragment(SECTION_FRAGMENT), schema);
      expect(node.textContent).toBe('Udskrivningsrapporten sendes elektronisk samme dag.');
      expect(readAgreement(port.doc(structureDocId(agreementId)))!.sections.some((s) => s.title === 'Genoptræning og rehabilitering')).toBe(true);
    } finally {
      service.close();
    }
  }, 60_000);

  it('fills only empty sections of an existing agreement; a section with text is refused and nothing is written', () => {
    const workspace = newWorkspace('existing.sqlite', true);
    const service = WorkspaceService.open({ workspacePath: workspace, templatesDir });
    const agreementId = service.listAgreements()[0].id;
    service.close();
    const before = fs.readFileSync(workspace);
    const run = runCli('importDocx', workspace, docxPath, '--agreement', agreementId);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Afsnittet «Indlæggelse og udskrivning» har allerede tekst/);
    expect(fs.readFileSync(workspace).equals(before)).toBe(true);
  }, 60_000);
});
