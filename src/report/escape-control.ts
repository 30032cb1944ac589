/** C0 and C1 control characters (tab and line breaks excepted) and DEL. */
const control = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Makes text from users' files safe for a terminal or a log: control characters (an ESC that
 * would clear the screen, a BEL) are shown as \u001b-style escapes instead of acting.
 */
export function escapeControl(text: string): string {
  return text.replace(control, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The same, keeping one column per character: for code frames, where carets must line up. */
export function blankControl(text: string): string {
  return text.replace(control, '�');
}
