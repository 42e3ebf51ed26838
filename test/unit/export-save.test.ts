// Saving an export where the person chooses (issue 11 point 6). The shell's decisions in plain
// functions (the save dialog's options with the Danish default name, the answered path), the Node
// side's atomic write, and the service's flow through the real dispatcher: the dialog is asked
// after the final version's gate and before the rendering; a chosen path gets exactly the bytes of
// a valid .docx; a cancelled dialog writes nothing. Without a chooser (the browser test host) the
// bytes come back for the window to download — what the dialog then does is exportOutcome.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import validate from '@ooxml-tools/validate';
import { chosenSavePath, saveDialogOptions } from '../../electron/main/saveDialogOptions.ts';
import { writeExportFile } from '../../electron/workspace/exportFile.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { exportOutcome } from '../../renderer/src/export/outcome.ts';
import { exportFileName } from '../../shared/print/kinds.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { demoWorkspace, negotiateFirstSection, TEMPLATES } from '../helpers/exportFixtures.ts';
import { call, recordingClient } from '../helpers/serviceCalls.ts';

let dir: string;
let file: string;
let agreementId: string;
beforeAll(() => {
  dir = tempDir('enighed-save-');
  ({ file, agreementId } = demoWorkspace(dir));
  negotiateFirstSection(file, agreementId);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the save dialog (plain decisions of the shell)', () => {
  it('offers the Danish file name in the documents folder, with the format as filter', () => {
    const name = exportFileName({ period: { from: 2011, to: 2014 }, kind: 'horing', format: 'docx', now: new Date('2010-06-01T10:00:00Z') });
    expect(name).toBe('Sundhedsaftale 2011-2014 – Høringsversion – 2010-06-01.docx');
    const options = saveDialogOptions(name, 'docx', '/home/sara/Dokumenter');
    expect(options).toMatchObject({
      title: 'Gem eksporten',
      defaultPath: '/home/sara/Dokumenter/Sundhedsaftale 2011-2014 – Høringsversion – 2010-06-01.docx',
      buttonLabel: 'Gem',
      filters: [{ name: 'Word-dokument', extensions: ['docx'] }],
    });
    expect(options.properties).toContain('showOverwriteConfirmation');
    expect(saveDialogOptions('x.pdf', 'pdf', '/tmp').filters).toEqual([{ name: 'PDF-dokument', extensions: ['pdf'] }]);
  });

  it('answers the chosen path, adds a missing extension, and null when cancelled', () => {
    expect(chosenSavePath({ canceled: true, filePath: '/a/b.docx' }, 'docx')).toBeNull();
    expect(chosenSavePath({ canceled: false, filePath: '' }, 'docx')).toBeNull();
    expect(chosenSavePath({ canceled: false, filePath: '/a/Aftale' }, 'docx')).toBe('/a/Aftale.docx');
    expect(chosenSavePath({ canceled: false, filePath: '/a/Aftale.DOCX' }, 'docx')).toBe('/a/Aftale.DOCX');
    expect(chosenSavePath({ canceled: false, filePath: '/a/Aftale.docx' }, 'pdf')).toBe('/a/Aftale.docx.pdf');
  });
});

describe('writing the file on the Node side', () => {
  it('writes the bytes whole, over an existing file, and leaves no temporary file', () => {
    const target = path.join(dir, 'out', 'Læsevejledning.docx');
    fs.mkdirSync(path.dirname(target));
    fs.writeFileSync(target, 'gammel');
    writeExportFile(target, new Uint8Array([1, 2, 3]));
    expect([...fs.readFileSync(target)]).toEqual([1, 2, 3]);
    expect(fs.readdirSync(path.dirname(target))).toEqual(['Læsevejledning.docx']);
  });

  it('refuses a folder that does not exist with a Danish message, writing nothing', () => {
    expect(() => writeExportFile(path.join(dir, 'findes-ikke', 'a.docx'), new Uint8Array([1]))).toThrow(/Filen kunne ikke gemmes i .*: mappen findes ikke\./);
    expect(fs.existsSync(path.join(dir, 'findes-ikke'))).toBe(false);
  });
});

describe('exportDocument with a save dialog', () => {
  it('asks after the gate, before rendering, and writes the chosen file; a cancelled dialog writes nothing', async () => {
    const asked: { fileName: string; format: string }[] = [];
    let answer: string | null = path.join(dir, 'valgt.docx');
    const service = WorkspaceService.open({
      workspacePath: file,
      templatesDir: TEMPLATES,
      chooseSavePath: async (fileName, format) => {
        asked.push({ fileName, format });
        return answer;
      },
    });
    try {
      const client = recordingClient('w');
      const request = { agreementId, kind: 'laesevejledning', format: 'docx', scope: { kind: 'agreement' }, unagreed: 'refuse' };
      const saved = await call<{ state: string; path: string; fileName: string; byteLength: number }>(service, client, 'exportDocument', request);
      expect(saved.state).toBe('saved');
      expect(saved.path).toBe(answer);
      expect(asked).toEqual([{ fileName: saved.fileName, format: 'docx' }]);
      expect(saved.fileName).toMatch(/^Sundhedsaftale 2011-2014 – Læsevejledning – \d{4}-\d{2}-\d{2}\.docx$/);
      const bytes = fs.readFileSync(answer!);
      expect(bytes.byteLength).toBe(saved.byteLength);
      expect(await validate(bytes, 'docx')).toEqual([]);
      const stages = client.events.filter((e) => e.name === 'exportProgress').map((e) => (e.payload as { stage: string }).stage);
      expect(stages.indexOf('Vælg hvor filen skal gemmes …')).toBeLessThan(stages.indexOf('Skriver Word-dokumentet …'));
      expect(stages.at(-1)).toBe('Færdig');

      // Cancelled: nothing rendered, nothing written.
      answer = null;
      client.events.length = 0;
      const cancelled = await call<{ state: string; fileName: string }>(service, client, 'exportDocument', { ...request, kind: 'horing' });
      expect(cancelled).toEqual({ state: 'cancelled', fileName: expect.stringMatching(/Høringsversion/) });
      expect(client.events.map((e) => (e.payload as { stage: string }).stage)).not.toContain('Skriver Word-dokumentet …');
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.docx'))).toEqual(['valgt.docx']);

      // The final version's gate comes first: no dialog for a document that is not made.
      asked.length = 0;
      const gated = await call<{ state: string }>(service, client, 'exportDocument', { ...request, kind: 'endelig' });
      expect(gated.state).toBe('unagreed');
      expect(asked).toEqual([]);
    } finally {
      service.close();
    }
  }, 60_000);

  it('without a chooser returns the bytes for the window to download', async () => {
    const service = WorkspaceService.open({ workspacePath: file, templatesDir: TEMPLATES });
    try {
      const answer = await call<{ state: 'done'; bytes: Uint8Array; fileName: string; marked: number }>(service, recordingClient('w'), 'exportDocument', {
        agreementId,
        kind: 'laesevejledning',
        format: 'docx',
        scope: { kind: 'agreement' },
        unagreed: 'refuse',
      });
      expect(answer.state).toBe('done');
      const outcome = exportOutcome(answer);
      expect(outcome).toMatchObject({ kind: 'done', download: { fileName: answer.fileName } });
      if (outcome.kind === 'done') expect(outcome.download?.bytes).toBe(answer.bytes);
      expect(exportOutcome({ state: 'saved', fileName: 'a.docx', path: '/x/a.docx', byteLength: 3, marked: 2 })).toEqual({ kind: 'done', text: 'Gemt: /x/a.docx – 2 klausuler er markeret som ikke endeligt aftalt.', download: null });
      expect(exportOutcome({ state: 'cancelled', fileName: 'a.docx' })).toEqual({ kind: 'cancelled', text: 'a.docx er ikke gemt.' });
    } finally {
      service.close();
    }
  }, 60_000);
});
