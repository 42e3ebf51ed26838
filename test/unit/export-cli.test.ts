// The export and workspace-create command lines as a user runs them (real processes): a demo
// workspace created from the shell, its agreement exported as Word and PDF, the final version
// refused with the clauses listed (exit 3), and bad input refused in Danish with a non-zero exit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import validate from '@ooxml-tools/validate';
import { runCli } from '../helpers/cli.ts';
import { runExportCli } from '../../electron/cli/export.ts';
import { tempDir } from '../helpers/tempDir.ts';

let dir: string;
let file: string;
let agreementId: string;

beforeAll(() => {
  dir = tempDir('enighed-export-cli-');
  file = path.join(dir, 'ws.sqlite');
  const created = runCli('workspace', 'create', file, '--demo');
  expect(created.stderr).toBe('');
  expect(created.status).toBe(0);
  agreementId = created.stdout.trim();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm run export / workspace create', () => {
  it('creates a demo workspace and prints its agreement id; refuses to overwrite it', () => {
    expect(agreementId).toMatch(/^a[0-9a-z]{12}$/);
    const again = runCli('workspace', 'create', file, '--demo');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('findes allerede');
  });

  it('exports a hearing version as .docx and a section as PDF', async () => {
    const docx = path.join(dir, 'h.docx');
    const r = runCli('export', file, agreementId, '--kind', 'horing', '--format', 'docx', '--out', docx);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Foreslået filnavn: Sundhedsaftale 2011-2014 – Høringsversion – ');
    expect(await validate(fs.readFileSync(docx), 'docx')).toEqual([]);
    const pdf = path.join(dir, 's.pdf');
    expect(await runExportCli([file, agreementId, '--kind', 'forhandling', '--format', 'pdf', '--section', 'indlaeggelse-politisk', '--out', pdf], () => {}, () => {})).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  }, 30_000);

  it('refuses a final version with unagreed clauses and lists them, unless asked to mark them', async () => {
    const out = path.join(dir, 'e.docx');
    const r = runCli('export', file, agreementId, '--kind', 'endelig', '--format', 'docx', '--out', out);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('Den endelige version er ikke lavet');
    expect(r.stderr).toContain('Politisk del 1.1  Indlæggelses- og udskrivningsforløb – status: Åben');
    expect(fs.existsSync(out)).toBe(false);
    const lines: string[] = [];
    expect(await runExportCli([file, agreementId, '--kind', 'endelig', '--format', 'docx', '--mark-unagreed', '--out', out], (l) => lines.push(l), () => {})).toBe(0);
    expect(lines.join('\n')).toContain('markeret som ikke endeligt aftalt');
  }, 30_000);

  it('gives a Danish error and a non-zero exit on bad input', async () => {
    const out = path.join(dir, 'x.docx');
    const cases: [string[], number, string][] = [
      [[file, agreementId, '--kind', 'endnu', '--format', 'docx', '--out', out], 2, 'Ukendt slags eksport: "endnu"'],
      [[file, agreementId, '--kind', 'horing', '--format', 'odt', '--out', out], 2, 'Ukendt format: "odt"'],
      [[file, agreementId, '--kind', 'horing', '--format', 'docx'], 2, 'Angiv hvor filen skal gemmes med --out'],
      [[file, agreementId, '--kind', 'horing', '--format', 'docx', '--part', 'bilag', '--out', out], 2, 'Ukendt del: "bilag"'],
      [[file, 'a-findes-ikke', '--kind', 'horing', '--format', 'docx', '--out', out], 1, 'Aftalen "a-findes-ikke" findes ikke'],
      [[file, agreementId, '--kind', 'horing', '--format', 'docx', '--section', 'nej', '--out', out], 1, 'Afsnittet "nej" findes ikke i aftalen.'],
      [[path.join(dir, 'mangler.sqlite'), agreementId, '--kind', 'horing', '--format', 'docx', '--out', out], 1, ''],
      [[file, agreementId, '--kind', 'horing', '--format', 'docx', '--out', path.join(dir, 'nej', 'x.docx')], 2, 'Mappen til'],
      [[file], 2, 'Brug: export'],
    ];
    // In-process (the same function the command runs), then two as real processes for the exit status.
    for (const [args, status, message] of cases) {
      const errors: string[] = [];
      expect(await runExportCli(args, () => {}, (line) => errors.push(line)), args.join(' ')).toBe(status);
      expect(errors.join('\n')).toContain(message);
    }
    for (const [args, status, message] of [cases[0]!, cases[4]!]) {
      const r = runCli('export', ...args);
      expect(r.status, args.join(' ')).toBe(status);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
    }
    expect(fs.existsSync(out)).toBe(false);
  }, 30_000);
});
