// "Flyt op" / "Flyt ned" for one row of an ordered list. After a move the row re-renders elsewhere;
// focus follows the button that was pressed (or its sibling, when the row reached an end), so a
// keyboard user can press again.
import { useEffect, useRef } from 'react';

export interface MoveButtonsProps {
  label: string;
  index: number;
  count: number;
  onMove: (index: number) => void;
  testId: string;
}

/** Which row's button should hold focus after the next render: set by a move. */
let pendingFocus: string | null = null;

export function MoveButtons({ label, index, count, onMove, testId }: MoveButtonsProps) {
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (pendingFocus === null || !pendingFocus.startsWith(`${testId}:`)) return;
    const wanted = pendingFocus.endsWith(':up') ? up.current : down.current;
    const target = wanted && !wanted.disabled ? wanted : wanted === up.current ? down.current : up.current;
    pendingFocus = null;
    target?.focus();
  });
  const move = (direction: 'up' | 'down') => {
    pendingFocus = `${testId}:${direction}`;
    onMove(direction === 'up' ? index - 1 : index + 1);
  };
  return (
    <span className="move-buttons">
      <button
        ref={up}
        type="button"
        className="button button-quiet icon-button"
        aria-label={`Flyt «${label}» op`}
        title="Flyt op"
        data-testid={`${testId}-up`}
        disabled={index === 0}
        onClick={() => move('up')}
      >
        ↑
      </button>
      <button
        ref={down}
        type="button"
        className="button button-quiet icon-button"
        aria-label={`Flyt «${label}» ned`}
        title="Flyt ned"
        data-testid={`${testId}-down`}
        disabled={index === count - 1}
        onClick={() => move('down')}
      >
        ↓
      </button>
    </span>
  );
}
