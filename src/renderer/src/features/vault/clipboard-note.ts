/** What a copy toast adds when main will clear the clipboard: the user knows how long to paste. */
export function clipboardNote(clearsInSeconds: number | undefined): string {
  return clearsInSeconds ? ` Clipboard clears in ${clearsInSeconds} s.` : '';
}
