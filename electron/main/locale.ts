// The app speaks Danish to its users, and so does Chromium inside it: its own words (the file
// chooser's button, a form field's built-in message, the text context menu) follow the `lang`
// switch rather than the operating system's language, and the spelling checker marks Danish. Plain
// functions, so the shell's choices are tested in Node (test/unit/electron-shell.test.ts).

/** Chromium's UI language (`app.commandLine.appendSwitch('lang', …)`, before the app is ready). */
export const CHROMIUM_UI_LANGUAGE = 'da';

/** The spelling checker's languages, from those the session offers (Electron throws on any other):
 *  Danish where it is offered (as "da" or "da-DK"); else null, and the session keeps its own choice
 *  (the system's language; an empty list would mean American English). */
export function spellCheckerLanguages(available: readonly string[]): string[] | null {
  const danish = available.find((code) => code.toLowerCase() === 'da' || code.toLowerCase().startsWith('da-'));
  return danish ? [danish] : null;
}
