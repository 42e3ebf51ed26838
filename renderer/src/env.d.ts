// What the Electron preload exposes (electron/main/preload.ts): the contract's bridge, nothing else.
// Absent in the browser test host, where the page speaks WebSocket instead.
import type { Bridge } from '../../shared/api/contract.ts';

declare global {
  interface Window {
    enighed?: Bridge;
  }
}

export {};
