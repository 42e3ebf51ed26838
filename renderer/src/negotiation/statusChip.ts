// The status chip in a clause's margin (colour, symbol from CSS, and text): a button that opens the
// clause panel. Made by the clause node view (shared/editor/clauseStatus.ts) when a status changes.
import type { ChipStatus } from '../../../shared/editor/clauseStatus.ts';
import { statusLabel } from '../../../shared/negotiation/position.ts';

export function renderStatusChip(status: ChipStatus, onOpen: (clauseId: string) => void): HTMLElement {
  const chip = document.createElement('button');
  chip.type = 'button';
  chip.className = `status-chip clause-chip status-${status.status}`;
  chip.textContent = statusLabel[status.status];
  chip.contentEditable = 'false';
  chip.setAttribute('data-testid', 'status-chip');
  chip.setAttribute('data-status', status.status);
  chip.setAttribute('data-clause-id', status.clauseId);
  chip.title = `Status: ${statusLabel[status.status]}. Klik for at åbne klausulpanelet.`;
  // The editor keeps its selection when the chip is pressed.
  chip.addEventListener('mousedown', (e) => e.preventDefault());
  chip.addEventListener('click', () => onOpen(status.clauseId));
  return chip;
}
