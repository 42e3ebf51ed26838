// Electron IPC channel names, derived from the contract's method names (used by preload and main).
import type { MethodName } from './contract.ts';

export const ipcMethodChannel = (name: MethodName): string => `enighed:call:${name}`;

/** The one channel on which main pushes contract events to a window. */
export const IPC_EVENT_CHANNEL = 'enighed:event';
