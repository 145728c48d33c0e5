/**
 * Everything the toolbar badge can say, in one table: each colour and each character, and
 * what it means. The badge computation (compute.ts) takes its characters and colours from
 * here, its tooltip explains a sign with the same words, and the options page renders its
 * legend from it, so the three cannot drift apart. Pure data, no imports: it ships in the
 * options bundle.
 */

export type BadgeTone = 'ok' | 'warn' | 'critical' | 'inactive';

export interface BadgeColour {
  tone: BadgeTone;
  name: string;
  /** #RRGGBB background. */
  hex: string;
  /** #RRGGBB text on it (white on amber is unreadable). */
  textHex: string;
  meaning: string;
}

export const BADGE_COLOURS: Record<BadgeTone, BadgeColour> = {
  ok: {
    tone: 'ok',
    name: 'Green',
    hex: '#2E7D32',
    textHex: '#FFFFFF',
    meaning: 'Current figure, at or above your warning level.',
  },
  warn: {
    tone: 'warn',
    name: 'Amber',
    hex: '#F9A825',
    textHex: '#000000',
    meaning: 'Current figure, below your warning level.',
  },
  critical: {
    tone: 'critical',
    name: 'Red',
    hex: '#C62828',
    textHex: '#FFFFFF',
    meaning: 'Current figure below your critical level (or nothing left), or “!”: Venice refuses the key.',
  },
  inactive: {
    tone: 'inactive',
    name: 'Grey',
    hex: '#6B7280',
    textHex: '#FFFFFF',
    meaning:
      'Not current: the vault is locked, the last refresh failed, or the figure is older than two refresh periods; also “?”, “…” and “–”. The tooltip says which, and how old the figure is.',
  },
};

export type BadgeSignName = 'figure' | 'denied' | 'invalidKey' | 'pending' | 'noFigure' | 'off';

export interface BadgeSign {
  name: BadgeSignName;
  /** What the badge shows; for `figure`, examples. */
  text: string;
  meaning: string;
}

export const BADGE_SIGNS: Record<BadgeSignName, BadgeSign> = {
  figure: {
    name: 'figure',
    text: '$50 · $9.5 · 9¢ · <1¢ · $1k · Đ9.5 · C20',
    meaning:
      'What the badge key can still spend, rounded down, in at most four characters: $ for USD, Đ for DIEM, C for bundled credits; “$1k” is at least $1,000.',
  },
  denied: {
    name: 'denied',
    text: '!',
    meaning:
      'Venice does not permit requests with the key: its spend cap is reached, the account balance is empty, or the account is restricted.',
  },
  invalidKey: {
    name: 'invalidKey',
    text: '?',
    meaning:
      'The badge key does not work: Venice refused it (revoked or invalid), or it is gone from the vault.',
  },
  pending: {
    name: 'pending',
    text: '…',
    meaning: 'No figure yet: the first refresh has not answered, or has only failed so far.',
  },
  noFigure: {
    name: 'noFigure',
    text: '–',
    meaning: 'Venice reported no usable figure in the chosen currency.',
  },
  off: { name: 'off', text: '', meaning: 'No badge key chosen: no badge.' },
};

/** The legend, in the order a person reads it. */
export const BADGE_LEGEND: { signs: BadgeSign[]; colours: BadgeColour[] } = {
  signs: [
    BADGE_SIGNS.figure,
    BADGE_SIGNS.denied,
    BADGE_SIGNS.invalidKey,
    BADGE_SIGNS.pending,
    BADGE_SIGNS.noFigure,
  ],
  colours: [BADGE_COLOURS.ok, BADGE_COLOURS.warn, BADGE_COLOURS.critical, BADGE_COLOURS.inactive],
};
