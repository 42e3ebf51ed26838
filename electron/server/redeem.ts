// `POST /enighed/redeem` on the server's HTTP listener: a new device redeems its invitation once and
// gets its bearer token. JSON body of at most 16 KB, checked with zod; the decision is
// membership.ts'. Every refusal counts against the address like an unknown token (addressGuard.ts):
// after a few, the address waits before it may try again (429 with Retry-After).
import type http from 'node:http';
import { z } from 'zod';
import { DeviceCert } from '../../shared/identity/shapes.ts';
import type { AddressGuard } from './addressGuard.ts';
import type { Membership } from './membership.ts';

export const REDEEM_PATH = '/enighed/redeem';
export const MAX_REDEEM_BODY_BYTES = 16 * 1024;

export const RedeemBody = z.object({
  v: z.literal(1),
  agreementId: z.string().min(1).max(120).nullable(),
  participantId: z.string().min(1).max(120),
  deviceCert: DeviceCert,
});

export const RedeemAnswer = z.object({
  deviceToken: z.string(),
  participantId: z.string(),
  agreementId: z.string().nullable(),
});
export type RedeemAnswer = z.infer<typeof RedeemAnswer>;

function answer(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(text);
}

/** Reads at most `max` bytes of the request body; null when it is longer. */
function readBody(request: http.IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > max) return resolve(null);
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.byteLength;
      if (length > max) {
        // Stop keeping it; what is still coming is read and thrown away while the answer goes out.
        request.removeAllListeners('data');
        request.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export interface RedeemContext {
  membership: Membership;
  guard: AddressGuard;
  /** The client's address (clientAddress.ts). */
  addressOf(request: http.IncomingMessage): string;
  /** Counts and logs a refusal. */
  refused(address: string, reason: string): void;
}

/** Answers `request` when it is for the redemption endpoint; false for any other request. */
export function handleRedeem(ctx: RedeemContext, request: http.IncomingMessage, response: http.ServerResponse): boolean {
  const path = (request.url ?? '').split('?')[0];
  if (path !== REDEEM_PATH) return false;
  void (async () => {
    const address = ctx.addressOf(request);
    const fail = (status: number, error: string) => {
      ctx.guard.authFailed(address);
      ctx.refused(address, error);
      answer(response, status, { error });
    };
    if (request.method !== 'POST') return answer(response, 405, { error: 'Brug POST.' }, { Allow: 'POST' });
    const wait = ctx.guard.waitMs(address);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return answer(response, 429, { error: `For mange mislykkede forsøg fra din adresse; prøv igen om ${seconds} s.` }, { 'Retry-After': String(seconds) });
    }
    const body = await readBody(request, MAX_REDEEM_BODY_BYTES);
    if (body === null) return fail(413, 'Forespørgslen er for stor.');
    let raw: unknown;
    try {
      raw = JSON.parse(body.toString('utf8'));
    } catch {
      return fail(400, 'Forespørgslen er ikke gyldig JSON.');
    }
    const parsed = RedeemBody.safeParse(raw);
    if (!parsed.success) return fail(400, `Forespørgslen er ugyldig (${parsed.error.issues[0]?.path.join('.') || 'indhold'}).`);
    const result = await ctx.membership.redeem(parsed.data);
    if (!result.ok) return fail(result.status, result.error);
    answer(response, 200, { deviceToken: result.deviceToken, participantId: result.participantId, agreementId: result.agreementId } satisfies RedeemAnswer);
  })().catch((error: unknown) => {
    if (!response.headersSent) answer(response, 500, { error: `Serverfejl: ${(error as Error)?.message ?? String(error)}` });
    else response.destroy();
  });
  return true;
}
