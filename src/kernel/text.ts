/**
 * Rules for text shown to other people. Bidirectional controls (LRE/RLE/PDF/LRO/RLO, the isolates,
 * LRM/RLM and the Arabic letter mark) make "hop-dong‮fdp.exe" display as "hop-dongexe.pdf" or reorder a
 * name on a receipt; no Vietnamese name or file name needs them, so they are removed on the way in.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
