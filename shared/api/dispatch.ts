// Serves the contract: validates a call's params, runs its handler, and turns every failure into an
// ApiError. The Electron IPC handlers and the browser test host both go through here.
import { z } from 'zod';
import { methods, type ApiError, type MethodName, type Methods, type Outcome, type Result } from './contract.ts';

export type Handlers<Ctx> = {
  [M in MethodName]: (params: z.output<Methods[M]['params']>, ctx: Ctx) => Promise<Result<M>> | Result<M>;
};

/** An error whose Danish message is meant for the user, as opposed to a bug. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

export type Dispatch<Ctx> = (method: string, params: unknown, ctx: Ctx) => Promise<Outcome<unknown>>;

export function createDispatcher<Ctx>(
  handlers: Handlers<Ctx>,
  log: (message: string, error: unknown) => void = (m, e) => console.error(m, e),
): Dispatch<Ctx> {
  return async (method, params, ctx) => {
    if (!Object.hasOwn(methods, method)) {
      return fail({ code: 'unknown-method', message: `Ukendt funktion: ${String(method).slice(0, 80)}` });
    }
    const name = method as MethodName;
    const parsed = methods[name].params.safeParse(params);
    if (!parsed.success) {
      return fail({ code: 'invalid', message: `Ugyldige data til ${name}: ${describeIssues(parsed.error)}` });
    }
    try {
      const handler = handlers[name] as (p: unknown, c: Ctx) => unknown;
      const value = await handler(parsed.data, ctx);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof UserFacingError) return fail({ code: 'failed', message: error.message });
      log(`API ${name} failed`, error);
      return fail({ code: 'failed', message: `Handlingen mislykkedes: ${(error as Error)?.message ?? String(error)}` });
    }
  };
}

function fail(error: ApiError): Outcome<never> {
  return { ok: false, error };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(værdi)'}: ${i.message}`)
    .join('; ');
}
