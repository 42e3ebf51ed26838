// Which IPC calls the shell answers: only those from the top frame of a page of our own app://
// origin. A plain function over what Electron's event carries, tested with real URL strings.
import { isAppUrl } from './appUrl.ts';

export interface IpcSender {
  /** `event.senderFrame?.url`; undefined when the frame is gone (navigated or destroyed). */
  frameUrl: string | undefined;
  /** `event.senderFrame === event.sender.mainFrame`. */
  isMainFrame: boolean;
}

export function isTrustedSender(sender: IpcSender): boolean {
  return sender.isMainFrame && sender.frameUrl !== undefined && isAppUrl(sender.frameUrl);
}

export const UNTRUSTED_SENDER_MESSAGE = 'Afvist: kaldet kom ikke fra Enigheds eget vindue.';
