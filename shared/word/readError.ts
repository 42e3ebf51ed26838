// The one error a .docx read raises: its message is Danish and is shown to the user as is.
import { UserFacingError } from '../api/dispatch.ts';

export class DocxReadError extends UserFacingError {
  constructor(reason: string) {
    super(`Word-filen kan ikke indlæses: ${reason}`);
    this.name = 'DocxReadError';
  }
}
