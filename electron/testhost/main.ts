// Command line for the browser test host:
//   tsx electron/testhost/main.ts --workspace FILE [--port N] [--host ADDR] [--demo]
// Prints "ENIGHED_URL=<url>" once it serves. SIGTERM/SIGINT close the workspace cleanly; the exit
// code is 1 if the workspace could not be opened.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WorkspaceService } from '../workspace/service.ts';
import { repoRoot } from '../workspace/paths.ts';
import { startTestHost } from './server.ts';
import { withPlaywrightPrinter } from '../export/pdf/printer.ts';

const { values } = parseArgs({
  options: {
    workspace: { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    demo: { type: 'boolean', default: false },
    renderer: { type: 'string', default: path.join(repoRoot, 'dist', 'renderer') },
  },
});

if (!values.workspace) {
  console.error('Angiv arbejdsområdet med --workspace <fil>.');
  process.exit(2);
}

const workspacePath = path.resolve(values.workspace);
const service = WorkspaceService.open({
  workspacePath,
  templatesDir: path.join(repoRoot, 'resources', 'templates'),
  seedDemo: values.demo,
  // PDF exports: the same page and options as the app's printToPDF, printed by Chromium through
  // playwright-core (one browser per export).
  pdfPrinter: (model, options) => withPlaywrightPrinter(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', (print) => print(model, options)),
});
// A broken workspace is still served, so the page can show the error, but the process reports it:
// on stderr now and in its exit code when it stops.
if (service.status.state === 'error') console.error(service.status.message);

const host = await startTestHost({
  service,
  rendererDir: values.renderer,
  host: values.host,
  port: Number(values.port),
});
console.log(`ENIGHED_URL=${host.url}`);

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await host.close();
  service.close();
  process.exit(service.status.state === 'error' ? 1 : 0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
