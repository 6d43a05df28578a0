/**
 * Text from a server, made safe to print on a terminal. A terminal obeys what it is sent: an OSC 8
 * link can point "Click here" anywhere, OSC 52 writes the clipboard, OSC 0 retitles the window, CSI
 * moves the cursor and rewrites lines already on screen. Error descriptions, page titles and even
 * tokens come from the server, so none of that reaches the terminal.
 */

/* eslint-disable no-control-regex -- control characters are what these patterns remove */
/** OSC, DCS, SOS, PM and APC strings, 7-bit (ESC ] …) or 8-bit (U+009D …), up to their terminator. */
const CONTROL_STRING =
  /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)/g;
/** CSI sequences (ESC [ or U+009B, parameters, intermediates, a final byte) and two-byte ESC sequences. */
const CONTROL_SEQUENCE = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|\u001b[ -/]*[0-~]/g;
/** Line breaks and tabs: a server's text is one line, and a line break would let it forge ours. */
const SPACING = /[\t\n\r\v\f]+/g;
/** What is left of C0, DEL and C1, and the bidirectional overrides that reorder what is shown. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

/** `text` without escape sequences and control characters; line breaks and tabs become spaces. */
export function terminalText(text: string): string {
  return text.replace(CONTROL_STRING, '').replace(CONTROL_SEQUENCE, '').replace(SPACING, ' ').replace(CONTROL, '');
}

/**
 * JSON for a terminal: JSON.stringify escapes C0 characters but leaves DEL, C1 (U+009B is a CSI)
 * and the bidirectional overrides as they are; they are escaped too, so the value is kept.
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
