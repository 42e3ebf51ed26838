// Driving a WorkspaceService through the contract the way a window does: a client that records the
// events it is sent, and calls that go through the real dispatcher (validation included).
import { createDispatcher } from '../../shared/api/dispatch.ts';
import type { EventName, EventPayload } from '../../shared/api/contract.ts';
import type { Client, WorkspaceService } from '../../electron/workspace/service.ts';

export type RecordingClient = Client & { events: { name: string; payload: unknown }[] };

export function recordingClient(id: string): RecordingClient {
  const events: { name: string; payload: unknown }[] = [];
  return { id, events, send<E extends EventName>(name: E, payload: EventPayload<E>) { events.push({ name, payload }); } };
}

/** Calls `method`; a refused call throws its Danish message. */
export async function call<T = unknown>(s: WorkspaceService, c: Client, method: string, params: unknown): Promise<T> {
  const outcome = await createDispatcher(s.handlers, () => {})(method, params, c);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value as T;
}
