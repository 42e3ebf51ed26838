// A meeting host in a child process, so a test can make it vanish the way a laptop does when its lid
// closes or it leaves the network: SIGKILL, no close frame to anyone.
// Run as a script it starts a meeting on 127.0.0.1 and prints MEETING=<json of url, code, fingerprint>.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startMeeting } from '../../electron/sync/meeting/host.ts';

export interface MeetingChild {
  url: string;
  code: string;
  fingerprint: string;
  kill(): Promise<void>;
}

export async function startMeetingChild(): Promise<MeetingChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const info = await new Promise<{ url: string; code: string; fingerprint: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`meeting child did not start:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /MEETING=(\{.*\})/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(JSON.parse(match[1]));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`meeting child exited (${code}):\n${output}`));
    });
  });
  return {
    ...info,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const meeting = await startMeeting({ address: '127.0.0.1' });
  console.log(`MEETING=${JSON.stringify({ url: meeting.url, code: meeting.code, fingerprint: meeting.fingerprint })}`);
}
