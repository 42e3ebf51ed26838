// Ed25519 verification in the renderer with WebCrypto (Chromium runs crypto.subtle off the main
// thread). Shared code asks synchronously (shared/identity/verifier.ts): a signature not checked yet
// answers 'pending' — it does not count — and is verified in the background; its verdict goes into
// the window's one VerdictCache, whose listeners then derive statuses again. The workspace keeps
// the digests of what verified (connectVerdictStore): they are loaded before anything is verified,
// so an agreement reopened is not verified again, and what is newly verified is handed back.
import type { Api } from '../../../shared/api/contract.ts';
import { fromBase64Url } from '../../../shared/identity/base64url.ts';
import { admissibleSignature } from '../../../shared/identity/ed25519Admissible.ts';
import { VerdictCache, type Verify } from '../../../shared/identity/verifier.ts';

/** The window's verdicts: every view (chips, the clause panel, the overview) shares them. */
export const verdictCache = new VerdictCache(200_000, true);

/** False while the workspace's remembered verdicts are loading: nothing is verified meanwhile. */
let verdictsLoaded = true;
let flushTimer = 0;

/**
 * Loads the workspace's remembered verdicts into verdictCache (checks asked for meanwhile stay
 * pending and are judged once they are in), and from then on hands newly verified signatures back
 * to the workspace, a second after the last one.
 */
export async function connectVerdictStore(api: Pick<Api, 'verifiedSignatures' | 'rememberVerifiedSignatures'>): Promise<void> {
  verdictsLoaded = false;
  try {
    verdictCache.remember((await api.verifiedSignatures({})).digests);
  } catch (error) {
    console.error('verifiedSignatures', error);
  } finally {
    verdictsLoaded = true;
    keep = (digests) => {
      for (let i = 0; i < digests.length; i += 20_000) {
        api.rememberVerifiedSignatures({ digests: digests.slice(i, i + 20_000) }).catch((error: unknown) => console.error('rememberVerifiedSignatures', error));
      }
    };
    verdictCache.changed();
  }
}

let keep: ((digests: string[]) => void) | null = null;

function scheduleKeep(): void {
  if (!keep || flushTimer) return;
  flushTimer = window.setTimeout(() => {
    flushTimer = 0;
    const digests = verdictCache.takeNewlyVerified();
    if (digests.length > 0) keep?.(digests);
  }, 1000);
}

const keys = new Map<string, Promise<CryptoKey | null>>();

function importKey(publicKey: string): Promise<CryptoKey | null> {
  let key = keys.get(publicKey);
  if (!key) {
    const raw = fromBase64Url(publicKey);
    key =
      raw && raw.length === 32
        ? crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']).catch(() => null)
        : Promise.resolve(null);
    keys.set(publicKey, key);
  }
  return key;
}

async function verifyNow(publicKey: string, bytes: Uint8Array, signature: string): Promise<boolean> {
  const sig = fromBase64Url(signature);
  const raw = fromBase64Url(publicKey);
  // The rule every replica applies before verifying (libsodium's edges; BoringSSL would accept them).
  if (!sig || !raw || !admissibleSignature(raw, sig)) return false;
  const key = await importKey(publicKey);
  if (!key) return false;
  try {
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, sig as Uint8Array<ArrayBuffer>, bytes as Uint8Array<ArrayBuffer>);
  } catch {
    return false;
  }
}

/** Checks in flight, by signature (with the key and bytes they are for). */
const inFlight = new Map<string, { publicKey: string; bytes: Uint8Array }[]>();
let notify = 0;

/** Tells the cache's listeners once per batch of finished checks. */
function scheduleNotify(cache: VerdictCache): void {
  if (notify) return;
  notify = window.setTimeout(() => {
    notify = 0;
    cache.changed();
  }, 0);
}

/** A Verify for shared code that verifies with WebCrypto in the background into `cache`. */
export function webCryptoVerify(cache: VerdictCache = verdictCache): Verify {
  return (publicKey, bytes, signature) => {
    const known = cache.lookup(publicKey, bytes, signature);
    if (known !== undefined) return known;
    // Asked again once the remembered verdicts are in (connectVerdictStore tells the listeners).
    if (!verdictsLoaded) return 'pending';
    const waiting = inFlight.get(signature) ?? [];
    if (waiting.some((w) => w.publicKey === publicKey && w.bytes.length === bytes.length && w.bytes.every((b, i) => b === bytes[i]))) return 'pending';
    const copy = new Uint8Array(bytes);
    waiting.push({ publicKey, bytes: copy });
    inFlight.set(signature, waiting);
    void verifyNow(publicKey, copy, signature).then((ok) => {
      cache.store(publicKey, copy, signature, ok);
      const left = (inFlight.get(signature) ?? []).filter((w) => w.bytes !== copy);
      if (left.length === 0) inFlight.delete(signature);
      else inFlight.set(signature, left);
      scheduleNotify(cache);
      scheduleKeep();
    });
    return 'pending';
  };
}

/** The window's verifier over verdictCache. */
export const rendererVerify: Verify = webCryptoVerify(verdictCache);
