// Shortcut labels for tooltips, in the platform's own notation ("Ctrl+B" or "⌘B").
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** "Mod-Shift-z" → "Ctrl+Skift+Z" (Danish keyboards say Skift) or "⌘⇧Z". */
export function shortcutLabel(keys: string): string {
  const parts = keys.split('-');
  const key = parts.pop()!;
  const names: Record<string, string> = isMac
    ? { Mod: '⌘', Alt: '⌥', Shift: '⇧', Ctrl: '⌃' }
    : { Mod: 'Ctrl', Alt: 'Alt', Shift: 'Skift', Ctrl: 'Ctrl' };
  const mods = parts.map((m) => names[m] ?? m);
  const keyNames: Record<string, string> = { ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', Backspace: isMac ? '⌫' : 'Tilbage', Delete: isMac ? '⌦' : 'Delete' };
  const main = key.length === 1 ? key.toUpperCase() : (keyNames[key] ?? key);
  return isMac ? [...mods, main].join('') : [...mods, main].join('+');
}

/** "Fed (Ctrl+B)". */
export function withShortcut(label: string, keys?: string | string[]): string {
  if (!keys) return label;
  const list = Array.isArray(keys) ? keys : [keys];
  return `${label} (${list.map(shortcutLabel).join(' eller ')})`;
}
