// Choosing a .docx for the Word dialogs (Importér fra Word …, Indlæs rettelser fra Word …).
import { FilePicker } from '../components/FilePicker.tsx';

const DOCX_ACCEPT = '.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function DocxFilePicker({ testIdPrefix, file, disabled, onChoose }: { testIdPrefix: string; file: { name: string } | null; disabled: boolean; onChoose: (file: File) => void }) {
  return (
    <FilePicker
      testIdPrefix={testIdPrefix}
      accept={DOCX_ACCEPT}
      fileName={file?.name ?? null}
      chooseLabel="Vælg Word-fil …"
      disabled={disabled}
      className="modal-actions modal-actions-start"
      onChoose={onChoose}
    />
  );
}
