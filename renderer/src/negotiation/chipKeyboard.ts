// The status chips of a section as one tab stop (roving tab index): exactly one chip is in the tab
// order — the current clause's, else the last one focused, else the first — and the arrow keys,
// Home and End move between them; Enter or Space opens the clause's panel (the chip is a button).
// Each chip is named with its clause's number ("Klausul 2.3: status Uenighed"). The numbers are CSS
// counters (shared/editor/clauseNumbers.ts), so the names are set from the chips' order in the DOM:
// when keyboard focus comes near them, and after the text has been still for a moment — never on the
// keystroke itself.
import { statusLabel } from '../../../shared/negotiation/position.ts';
import type { ClauseStatus } from '../../../shared/negotiation/position.ts';

const CHIP = 'section.clause > .clause-chip';

function chipsOf(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(CHIP)];
}

/** The accessible name of a chip, from its clause's number and its status. */
export function chipName(number: string, status: ClauseStatus, flag: string | null): string {
  return `Klausul ${number}: status ${statusLabel[status]}.${flag ? ` ${flag}` : ''} Åbn klausulpanelet`;
}

/** Names every chip with its clause's number and makes one of them the tab stop. */
export function refreshChips(root: HTMLElement, preferred?: HTMLElement | null): void {
  const chips = chipsOf(root);
  const prefix = root.style.getPropertyValue('--clause-prefix').replace(/^\s*"|"\s*$/g, '');
  const clauses = [...root.querySelectorAll<HTMLElement>('section.clause')];
  const stop = preferred ?? root.querySelector<HTMLElement>(`section.clause.is-current > .clause-chip`) ?? chips.find((c) => c.tabIndex === 0) ?? chips[0];
  for (const chip of chips) {
    const number = `${prefix}${clauses.indexOf(chip.parentElement as HTMLElement) + 1}`;
    const name = chipName(number, chip.getAttribute('data-status') as ClauseStatus, chip.getAttribute('data-flag'));
    if (chip.getAttribute('aria-label') !== name) chip.setAttribute('aria-label', name);
    const tabIndex = chip === stop ? 0 : -1;
    if (chip.tabIndex !== tabIndex) chip.tabIndex = tabIndex;
  }
}

/** Installs the keyboard behaviour on the editor's root; returns what removes it. */
export function installChipKeyboard(root: HTMLElement): { refreshSoon: () => void; dispose: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    // Leaving the text by Tab: the chip tab stop is the current clause's.
    if (event.key === 'Tab' && target === root) refreshChips(root);
    if (!target.matches?.(CHIP)) return;
    const chips = chipsOf(root);
    const at = chips.indexOf(target);
    const next: Record<string, number> = {
      ArrowDown: (at + 1) % chips.length,
      ArrowRight: (at + 1) % chips.length,
      ArrowUp: (at - 1 + chips.length) % chips.length,
      ArrowLeft: (at - 1 + chips.length) % chips.length,
      Home: 0,
      End: chips.length - 1,
    };
    if (!(event.key in next)) return;
    event.preventDefault();
    const chip = chips[next[event.key]];
    refreshChips(root, chip);
    chip.focus();
  };
  const onFocusIn = (event: FocusEvent) => {
    const target = event.target as HTMLElement;
    if (target.matches?.(CHIP)) refreshChips(root, target);
  };
  root.addEventListener('keydown', onKeyDown, true);
  root.addEventListener('focusin', onFocusIn);
  refreshChips(root);
  return {
    refreshSoon: () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        if (root.isConnected) refreshChips(root);
      }, 400);
    },
    dispose: () => {
      if (timer) clearTimeout(timer);
      root.removeEventListener('keydown', onKeyDown, true);
      root.removeEventListener('focusin', onFocusIn);
    },
  };
}
