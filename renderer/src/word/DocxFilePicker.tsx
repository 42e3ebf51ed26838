// Choosing a .docx for the Word dialogs (Importér fra Word …, Indlæs rettelser fra Word …): a button
// that opens the file chooser, the chosen file's name, and the hidden input itself.
import { useRef } from 'react';

export function DocxFilePicker({ testIdPrefix, file, disabled, onChoose }: { testIdPrefix: string; file: { name: string } | null; disabled: boolean; onChoose: (file: File) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <div className="modal-actions modal-actions-start">
        <button type="button" className="button" data-testid={`${testIdPrefix}-choose`} disabled={disabled} onClick={() => input.current?.click()}>
          {file ? 'Vælg en anden fil …' : 'Vælg Word-fil …'}
        </button>
        {file && <span className="muted word-import-file">{file.name}</span>}
      </div>
      <input
        ref={input}
        type="file"
        hidden
        accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        data-testid={`${testIdPrefix}-input`}
        onChange={(e) => {
          const chosen = e.target.files?.[0];
          e.target.value = '';
          if (chosen) onChoose(chosen);
        }}
      />
    </>
  );
}
