// Colour for a terminal: on when the stream is a TTY, off with --no-color or NO_COLOR (no-color.org),
// forced with FORCE_COLOR. Everything printed goes through a Palette, so "off" is plain text exactly.

export interface Palette {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const sgr = (on: number, off: number) => (s: string) => `\x1b[${on}m${s}\x1b[${off}m`;
const plain = (s: string) => s;

export function paint(enabled: boolean): Palette {
  return enabled
    ? { red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39), dim: sgr(2, 22), bold: sgr(1, 22) }
    : { red: plain, green: plain, yellow: plain, cyan: plain, dim: plain, bold: plain };
}

/** Whether to colour a stream: --no-color and NO_COLOR (any non-empty value) win, then FORCE_COLOR, then the TTY. */
export function colourWanted(options: { tty: boolean; noColorFlag?: boolean; env: Record<string, string | undefined> }): boolean {
  if (options.noColorFlag) return false;
  if (options.env.NO_COLOR) return false;
  const force = options.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return options.tty;
}

const ESC = String.fromCharCode(27);
/** Colour sequences (SGR), built without a control character in a regex literal. */
export const SGR = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');
/** The text a person sees: colour sequences removed. */
export const visible = (text: string): string => text.replace(SGR, '');
