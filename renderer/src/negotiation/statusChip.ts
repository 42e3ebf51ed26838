// The status chip in a clause's margin (colour, symbol from CSS, and text): a button that opens the
// clause panel. Made by the clause node view (shared/editor/clauseStatus.ts) when a status changes.
// A clause with a position that does not count (shared/identity) is marked (data-flag, and why in
// the title); the status itself counts only the positions that count.
import type { ChipStatus } from '../../../shared/editor/clauseStatus.ts';
import { statusLabel } from '../../../shared/negotiation/position.ts';
import { chipName } from './chipKeyboard.ts';

/** Makes a clause's chip, or brings `chip` (one it made before) up to date in place: replacing the
 *  element would make the browser style and lay out a new one, and the clause's body with it. */
export function renderStatusChip(status: ChipStatus, onOpen: (clauseId: string) => void, chip?: HTMLElement): HTMLElement {
  if (!chip) {
    chip = document.createElement('button');
    (chip as HTMLButtonElement).type = 'button';
    chip.contentEditable = 'false';
    // One chip of the section is the tab stop; chipKeyboard.ts picks it and names the chips.
    chip.tabIndex = -1;
    chip.setAttribute('data-testid', 'status-chip');
    // The editor keeps its selection when the chip is pressed.
    chip.addEventListener('mousedown', (e) => e.preventDefault());
    const opened = chip;
    chip.addEventListener('click', () => onOpen(opened.getAttribute('data-clause-id')!));
  }
  const label = statusLabel[status.status];
  setIfChanged(chip, 'class', `status-chip clause-chip status-${status.status}`);
  setIfChanged(chip, 'data-status', status.status);
  setIfChanged(chip, 'data-clause-id', status.clauseId);
  setIfChanged(chip, 'title', `Status: ${label}.${status.flag ? ` ${status.flag}` : ''} Klik for at åbne klausulpanelet.`);
  // The clause's number comes from the chips' order (chipKeyboard.ts); kept when the status changes.
  const number = /^Klausul (\S+):/.exec(chip.getAttribute('aria-label') ?? '')?.[1];
  setIfChanged(chip, 'aria-label', number ? chipName(number, status.status, status.flag ?? null) : `Status: ${label}. Åbn klausulpanelet`);
  // A position on the clause that does not count (ikke verificeret, taget før underskrifter).
  if (status.flag) setIfChanged(chip, 'data-flag', status.flag);
  else if (chip.hasAttribute('data-flag')) chip.removeAttribute('data-flag');
  // The label's text node is changed, not replaced: a new node cost the browser a rebuild of the
  // layout tree (about 0.3 ms of layout per remote update in the editor bench, against 0.04 ms now).
  const text = chip.firstChild;
  if (text instanceof Text && !text.nextSibling) {
    if (text.data !== label) text.data = label;
  } else chip.textContent = label;
  return chip;
}

function setIfChanged(element: HTMLElement, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}
