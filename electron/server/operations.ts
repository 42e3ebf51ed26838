// The operator's HTTP endpoints on the server's listener: GET /healthz (200 when the store — and
// Redis, when configured — answers; 503 with the reason otherwise) and GET /metrics (Prometheus).
import type http from 'node:http';
import type { ServerMetrics } from './metrics.ts';

export interface OperationsContext {
  metrics: ServerMetrics;
  /** Throws when the store cannot be reached. */
  pingStore(): Promise<void>;
  /** Throws when Redis cannot be reached; null without Redis. */
  pingRedis: (() => Promise<void>) | null;
}

const CHECK_TIMEOUT_MS = 2000;

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} svarede ikke inden ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS).unref())]);
}

/** Answers /healthz and /metrics; false for any other request. */
export function handleOperations(context: OperationsContext, request: http.IncomingMessage, response: http.ServerResponse): boolean {
  const url = (request.url ?? '').split('?')[0];
  if (request.method !== 'GET' || (url !== '/healthz' && url !== '/metrics')) return false;
  if (url === '/metrics') {
    context.metrics.text().then(
      (text) => {
        response.writeHead(200, { 'Content-Type': context.metrics.registry.contentType });
        response.end(text);
      },
      (error: unknown) => {
        response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end(`${(error as Error).message}\n`);
      },
    );
    return true;
  }
  void (async () => {
    const checks: Record<string, string> = {};
    let ok = true;
    const check = async (name: string, ping: () => Promise<void>) => {
      try {
        await within(ping(), name);
        checks[name] = 'ok';
      } catch (error) {
        ok = false;
        checks[name] = (error as Error)?.message ?? String(error);
      }
    };
    await check('store', context.pingStore);
    if (context.pingRedis) await check('redis', context.pingRedis);
    response.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(`${JSON.stringify({ status: ok ? 'ok' : 'fejl', checks })}\n`);
  })();
  return true;
}
