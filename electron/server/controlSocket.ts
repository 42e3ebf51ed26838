// The running server's local control channel: a Unix socket in its data folder
// (`server.control`, mode 0600: only the server's own user), through which
// `npm run server -- backup --out FILE` asks the running server for an online backup of its
// workspace (SQLite's backup API through the server's own connection, so the copy holds every
// update committed before it finished). One JSON request line, one JSON answer line, zod-checked
// and bounded.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

export const CONTROL_SOCKET_FILE = 'server.control';
const MAX_REQUEST_BYTES = 4096;

const Request = z.object({ v: z.literal(1), command: z.literal('backup'), out: z.string().min(1).max(1024) }).strict();
type Request = z.infer<typeof Request>;
const Answer = z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), error: z.string().max(2000) })]);
type Answer = z.infer<typeof Answer>;

export interface ControlServer {
  close(): Promise<void>;
}

/** Listens on `<dataDir>/server.control`; `backup(out)` does the work (throws Danish errors). */
export async function listenControl(dataDir: string, backup: (out: string) => Promise<void>): Promise<ControlServer> {
  const file = path.join(dataDir, CONTROL_SOCKET_FILE);
  // A socket file left by a killed server: nobody listens on it any more.
  if (fs.existsSync(file) && !(await answers(file))) fs.rmSync(file, { force: true });
  const server = net.createServer((socket) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > MAX_REQUEST_BYTES) return socket.destroy();
      const end = text.indexOf('\n');
      if (end < 0) return;
      socket.removeAllListeners('data');
      let request: Request;
      try {
        request = Request.parse(JSON.parse(text.slice(0, end)));
      } catch {
        return reply(socket, { ok: false, error: 'Ugyldig forespørgsel til serveren.' });
      }
      backup(path.resolve(request.out)).then(
        () => reply(socket, { ok: true }),
        (error: unknown) => reply(socket, { ok: false, error: (error as Error)?.message ?? String(error) }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, () => resolve());
  });
  fs.chmodSync(file, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(file, { force: true });
      }),
  };
}

function reply(socket: net.Socket, answer: Answer): void {
  socket.end(`${JSON.stringify(answer)}\n`);
}

/** Whether a server answers on the socket file. */
function answers(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(file);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Asks the server running on `dataDir` for a backup to `out`; null when no server runs there. */
export async function requestBackup(dataDir: string, out: string): Promise<Answer | null> {
  const file = path.join(dataDir, CONTROL_SOCKET_FILE);
  if (!fs.existsSync(file)) return null;
  return new Promise((resolve, reject) => {
    const socket = net.connect(file);
    let text = '';
    socket.setEncoding('utf8');
    socket.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? resolve(null) : reject(error)));
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 4096) socket.destroy();
    });
    socket.on('end', () => {
      try {
        resolve(Answer.parse(JSON.parse(text)));
      } catch {
        reject(new Error('Serveren gav et ugyldigt svar på forespørgslen om sikkerhedskopi.'));
      }
    });
    socket.write(`${JSON.stringify({ v: 1, command: 'backup', out: path.resolve(out) } satisfies Request)}\n`);
  });
}
