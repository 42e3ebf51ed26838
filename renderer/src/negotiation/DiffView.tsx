// A word diff rendered with <ins>/<del> and Danish labels for screen readers, plus a visible legend,
// so the change never depends on colour alone (strike-through and underline carry it too).
import type { DiffOp } from '../../../shared/negotiation/wordDiff.ts';

export function DiffView({ ops }: { ops: DiffOp[] }) {
  return (
    <div className="word-diff" data-testid="word-diff">
      <p className="diff-legend small muted">
        <del>slettet</del> <ins>indsat</ins>
      </p>
      <p className="diff-text">
        {ops.map((op, i) => {
          const space = i > 0 ? ' ' : '';
          if (op.kind === 'same') return <span key={i}>{space + op.text}</span>;
          const Tag = op.kind === 'ins' ? 'ins' : 'del';
          return (
            <span key={i}>
              {space}
              <Tag title={op.kind === 'ins' ? 'Indsat' : 'Slettet'}>
                <span className="visually-hidden">{op.kind === 'ins' ? 'Indsat: ' : 'Slettet: '}</span>
                {op.text}
              </Tag>
            </span>
          );
        })}
      </p>
    </div>
  );
}
