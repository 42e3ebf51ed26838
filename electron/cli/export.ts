// Exports an agreement of a workspace file as Word or PDF, while the app is closed:
//   npm run export -- WORKSPACE AGREEMENT --kind horing|endelig|forhandling|laesevejledning|uenighed --format docx|pdf
//                     [--part politisk|sundhedsfaglig|opfoelgning|allonge | --theme-group ID | --section ID]
//                     [--mark-unagreed] --out FILE
// A final version (endelig) with clauses that are not agreed is refused (exit 3, the clauses listed)
// unless --mark-unagreed marks them. PDF is printed by Chromium (CHROMIUM_PATH, default
// /usr/bin/chromium). Danish messages; exit 2 on bad arguments, 1 when the file cannot be read.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { Part } from '../../shared/domain/agreement.ts';
import { ExportFormat, ExportKind } from '../../shared/print/kinds.ts';
import type { PrintScope } from '../../shared/print/model.ts';
import { openExistingWorkspace } from './openWorkspace.ts';
import { exportAgreement, ExportInputError } from '../export/exportAgreement.ts';
import { withPlaywrightPrinter } from '../export/pdf/printer.ts';

const USAGE =
  'Brug: export <arbejdsområde> <aftale> --kind horing|endelig|forhandling|laesevejledning|uenighed --format docx|pdf [--part <del> | --theme-group <id> | --section <id>] [--mark-unagreed] --out <fil>';

export async function runExportCli(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        kind: { type: 'string' },
        format: { type: 'string' },
        section: { type: 'string' },
        part: { type: 'string' },
        'theme-group': { type: 'string' },
        'mark-unagreed': { type: 'boolean', default: false },
        out: { type: 'string' },
      },
    });
  } catch {
    err(`Ukendt eller ufuldstændigt argument. ${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [workspace, agreementId] = positionals;
  if (positionals.length !== 2 || !workspace || !agreementId) {
    err(USAGE);
    return 2;
  }
  const kind = ExportKind.safeParse(values.kind);
  if (!kind.success) {
    err(`Ukendt slags eksport: "${values.kind ?? ''}". Vælg horing, endelig, forhandling, laesevejledning eller uenighed.`);
    return 2;
  }
  const format = ExportFormat.safeParse(values.format);
  if (!format.success) {
    err(`Ukendt format: "${values.format ?? ''}". Vælg docx eller pdf.`);
    return 2;
  }
  if (!values.out) {
    err(`Angiv hvor filen skal gemmes med --out. ${USAGE}`);
    return 2;
  }
  const scopes = [values.part, values['theme-group'], values.section].filter((v) => v !== undefined);
  if (scopes.length > 1) {
    err('Vælg højst én af --part, --theme-group og --section.');
    return 2;
  }
  let scope: PrintScope = { kind: 'agreement' };
  if (values.part !== undefined) {
    const part = Part.safeParse(values.part);
    if (!part.success) {
      err(`Ukendt del: "${values.part}". Vælg politisk, sundhedsfaglig, opfoelgning eller allonge.`);
      return 2;
    }
    scope = { kind: 'part', part: part.data };
  } else if (values['theme-group'] !== undefined) scope = { kind: 'themeGroup', themeGroupId: values['theme-group'] };
  else if (values.section !== undefined) scope = { kind: 'section', sectionId: values.section };
  if (!fs.existsSync(path.dirname(path.resolve(values.out)))) {
    err(`Mappen til ${values.out} findes ikke.`);
    return 2;
  }

  const store = openExistingWorkspace(workspace, err);
  if (!store) return 1;
  try {
    if (!store.agreementIds().includes(agreementId)) {
      err(`Aftalen "${agreementId}" findes ikke i ${workspace}.`);
      return 1;
    }
    const request = { agreementId, kind: kind.data, format: format.data, scope, unagreed: values['mark-unagreed'] ? ('mark' as const) : ('refuse' as const) };
    const docOf = (docId: string) => store.loadYDoc(docId);
    const result =
      format.data === 'pdf'
        ? await withPlaywrightPrinter(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', (printer) => exportAgreement(docOf, request, printer))
        : await exportAgreement(docOf, request, null);
    if (result.state === 'unagreed') {
      err(`Den endelige version er ikke lavet: ${result.clauses.length} klausuler er ikke endeligt aftalt.`);
      for (const c of result.clauses) err(`  ${c.reference}  ${c.title} – status: ${c.statusLabel}`);
      err('Brug --mark-unagreed for at eksportere med klausulerne markeret og UDKAST i sidehovedet.');
      return 3;
    }
    if (result.state !== 'done') throw new Error('Eksporten blev afbrudt.');
    fs.writeFileSync(values.out, result.bytes);
    out(`Gemt: ${values.out} (${result.bytes.byteLength} byte)${result.marked > 0 ? `, ${result.marked} klausuler markeret som ikke endeligt aftalt` : ''}.`);
    out(`Foreslået filnavn: ${result.fileName}`);
    return 0;
  } catch (error) {
    if (error instanceof ExportInputError) {
      err(error.message);
      return 1;
    }
    throw error;
  } finally {
    store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runExportCli(process.argv.slice(2), console.log, console.error);
}
