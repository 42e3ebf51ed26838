// Choosing a file in a dialog: a button of ours that opens the file chooser, the chosen file's name,
// and the hidden input itself. The browser's own file field speaks the operating system's language
// ("Choose File / No file chosen"); this one speaks Danish. Used for Word files (DocxFilePicker) and
// invitations (OpenInvitationDialog).
import { useRef } from 'react';

export interface FilePickerProps {
  /** Test ids: `${prefix}-choose` (the button), `${prefix}-input` (the input), `${prefix}-name`. */
  testIdPrefix: string;
  /** The input's accept attribute. */
  accept: string;
  /** The chosen file's name, or null before one is chosen. */
  fileName: string | null;
  /** The button's text before a file is chosen (after: *Vælg en anden fil …*). */
  chooseLabel: string;
  /** Shown in place of the name before a file is chosen (nothing if absent). */
  emptyLabel?: string;
  disabled: boolean;
  /** The id of the text that says what the file is for. */
  describedBy?: string;
  /** Classes besides `file-choice` on the row. */
  className?: string;
  onChoose: (file: File) => void;
}

export function FilePicker({ testIdPrefix, accept, fileName, chooseLabel, emptyLabel, disabled, describedBy, className, onChoose }: FilePickerProps) {
  const input = useRef<HTMLInputElement>(null);
  const shown = fileName ?? emptyLabel;
  return (
    <>
      <div className={className ? `file-choice ${className}` : 'file-choice'}>
        <button type="button" className="button" aria-describedby={describedBy} data-testid={`${testIdPrefix}-choose`} disabled={disabled} onClick={() => input.current?.click()}>
          {fileName ? 'Vælg en anden fil …' : chooseLabel}
        </button>
        {shown && (
          <span className="muted file-choice-name" data-testid={`${testIdPrefix}-name`}>
            {shown}
          </span>
        )}
      </div>
      <input
        ref={input}
        type="file"
        hidden
        accept={accept}
        data-testid={`${testIdPrefix}-input`}
        onChange={(e) => {
          const chosen = e.target.files?.[0];
          // Cleared, so that choosing the same file again is a change.
          e.target.value = '';
          if (chosen) onChoose(chosen);
        }}
      />
    </>
  );
}
