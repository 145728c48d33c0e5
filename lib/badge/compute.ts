/**
 * The badge as a pure function of state: `computeBadge(input) → { text, color, title }`.
 * No browser, no clock, no storage: the updater gathers the state, this decides what
 * the toolbar says, and `action.ts` applies it. Everything here is table-tested.
 *
 * Text conventions (at most 4 characters, always rounded DOWN, because the badge says
 * what can still be spent):
 *   USD            "$50"  "$9.5"  "$0.4"  "9¢"  "<1¢"  "$123"  "$1k"  "$12k"  "$.1M"  "$3M"  "$1T"
 *   DIEM           the same with "Đ": "Đ9.5"  "Đ0.4"  "<Đ.1" (under 0.1 DIEM)
 *   bundled credits the same with "C": "C20"  "<C.1"
 *   "$1.2k" would be 5 characters, so thousands drop the decimal ("$1k" = at least $1,000);
 *   the tooltip always has the full figures.
 * The characters ("!", "?", "…", "–") and colours, and what each means, are ONE table:
 * vocabulary.ts. The options page's legend and the tooltip's words come from it too.
 */

import type { VaultStatus } from '@/lib/vault/types';
import { BADGE_COLOURS, BADGE_SIGNS, type BadgeTone } from './vocabulary';

export type BadgeCurrency = 'USD' | 'DIEM' | 'BUNDLED_CREDITS';
export type BadgeCurrencyChoice = 'auto' | BadgeCurrency;

/** What Venice charges first (FACTS §3.9: DIEM, then bundled credits, then USD). */
export const AUTO_CURRENCY_ORDER: readonly BadgeCurrency[] = ['DIEM', 'BUNDLED_CREDITS', 'USD'];

export const BADGE_COLORS: Record<BadgeTone, string> = {
  ok: BADGE_COLOURS.ok.hex,
  warn: BADGE_COLOURS.warn.hex,
  critical: BADGE_COLOURS.critical.hex,
  inactive: BADGE_COLOURS.inactive.hex,
};

export const DEFAULT_TITLE = 'Venice Key Companion';
const CURRENCY_PREFIX: Record<BadgeCurrency, string> = { USD: '$', DIEM: 'Đ', BUNDLED_CREDITS: 'C' };
export const CURRENCY_NAME: Record<BadgeCurrency, string> = {
  USD: 'USD',
  DIEM: 'DIEM',
  BUNDLED_CREDITS: 'Bundled credits',
};
/** Past this, a balance is not a real figure (no account holds $100 trillion). */
export const IMPLAUSIBLE_BALANCE = 1e14;
export const MAX_BADGE_TEXT = 4;

/** The last figures Venice gave for the badge key (GET /api_keys/rate_limits). Never a secret. */
export interface BadgeFigures {
  /** As received; values are checked here, so a hostile or odd value never reaches the badge. */
  balances: Partial<Record<BadgeCurrency, unknown>>;
  accessPermitted: boolean;
  /** ms since epoch. */
  fetchedAt: number;
}

/**
 * Why the badge cannot show a current figure.
 * `key`: Venice refused the key itself (revoked, invalid) or it is gone from the vault.
 * `refresh`: the last refresh failed for another reason (network, 5xx, 429, odd answer).
 */
export interface BadgeProblem {
  kind: 'key' | 'refresh';
  message: string;
  at: number;
}

export interface BadgeInput {
  now: number;
  /** null: no badge key chosen → no badge. */
  badgeKey: { label: string } | null;
  vault: VaultStatus;
  figures: BadgeFigures | null;
  problem: BadgeProblem | null;
  currency: BadgeCurrencyChoice;
  warnAt: number;
  criticalAt: number;
  periodMinutes: number;
  /** The badge key's cap forecast (lib/usage), one line for the tooltip; absent when unknown. */
  forecast?: string | null;
}

export type BadgeStateName =
  | 'off'
  | 'fresh'
  | 'denied'
  | 'stale'
  | 'locked'
  | 'invalid-key'
  | 'pending'
  | 'no-figure';
export type BadgeLevel = 'ok' | 'warn' | 'critical';

export interface BadgeView {
  /** ≤ 4 characters; '' = no badge. */
  text: string;
  /** Background color, #RRGGBB. */
  color: string;
  /** Text color, #RRGGBB (applied where the browser supports it). */
  textColor: string;
  /** The tooltip. */
  title: string;
  state: BadgeStateName;
  /** The currency and amount the text is about, when there is one. */
  currency: BadgeCurrency | null;
  amount: number | null;
  level: BadgeLevel | null;
}

/** A finite number, or null for anything else (missing, NaN, Infinity, strings, objects). */
export function readBalance(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The currency the badge shows and how much of it can be spent, or null when there is no usable figure. */
export function spendable(
  balances: BadgeFigures['balances'],
  choice: BadgeCurrencyChoice,
): { currency: BadgeCurrency; amount: number | null } {
  if (choice !== 'auto') return { currency: choice, amount: usable(readBalance(balances[choice])) };
  for (const currency of AUTO_CURRENCY_ORDER) {
    const amount = usable(readBalance(balances[currency]));
    if (amount !== null && amount > 0) return { currency, amount };
  }
  // Nothing positive: show the first currency Venice reported at all (e.g. "$0").
  for (const currency of AUTO_CURRENCY_ORDER) {
    const amount = usable(readBalance(balances[currency]));
    if (amount !== null) return { currency, amount };
  }
  return { currency: 'USD', amount: null };
}

function usable(value: number | null): number | null {
  if (value === null || value >= IMPLAUSIBLE_BALANCE) return null;
  // A negative balance means nothing can be spent.
  return value < 0 ? 0 : value;
}

/** floor() that does not turn 0.29 × 100 = 28.999999999999996 into 28. */
function floorExact(x: number): number {
  const nearest = Math.round(x);
  return Math.abs(x - nearest) < 1e-12 * Math.max(1, Math.abs(x)) ? nearest : Math.floor(x);
}

const SUFFIXES = ['k', 'M', 'B', 'T'] as const;

/**
 * At most 4 characters for a finite, non-negative amount below IMPLAUSIBLE_BALANCE,
 * rounded down.
 */
export function formatAmount(amount: number, currency: BadgeCurrency): string {
  const p = CURRENCY_PREFIX[currency];
  if (!(amount > 0)) return `${p}0`;
  if (amount < 0.1) {
    if (currency !== 'USD') return `<${p}.1`;
    const cents = Math.min(floorExact(amount * 100), 9);
    return cents < 1 ? '<1¢' : `${cents}¢`;
  }
  if (amount < 10) {
    const tenths = Math.min(floorExact(amount * 10), 99);
    const whole = Math.floor(tenths / 10);
    const fraction = tenths % 10;
    return fraction === 0 ? `${p}${whole}` : `${p}${whole}.${fraction}`;
  }
  if (amount < 1000) return `${p}${Math.min(floorExact(amount), 999)}`;
  let scaled = amount;
  for (let i = 0; i < SUFFIXES.length; i++) {
    scaled /= 1000;
    const next = SUFFIXES[i + 1];
    // Below IMPLAUSIBLE_BALANCE the last unit never reaches 100; the min() guards float noise.
    const whole = next === undefined ? Math.min(floorExact(scaled), 99) : floorExact(scaled);
    // 1–99 of this unit: "$1k", "$99k".
    if (whole < 100) return `${p}${whole}${SUFFIXES[i]}`;
    // 100–999 of this unit reads as tenths of the next: "$.1M" … "$.9M".
    if (whole < 1000 && next) return `${p}.${Math.floor(whole / 100)}${next}`;
  }
  // Unreachable below IMPLAUSIBLE_BALANCE; keep the promise of 4 characters anyway.
  return '–';
}

/** Full figure for the tooltip. */
export function formatFull(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (!(minutes >= 1)) return 'just now';
  return minutesAgo(minutes);
}

/** The age of a figure that is not current: never "just now", which would read as fresh. */
export function formatOldAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (!(minutes >= 1)) return 'under a minute ago';
  return minutesAgo(minutes);
}

function minutesAgo(minutes: number): string {
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

function balanceLines(balances: BadgeFigures['balances']): string[] {
  return AUTO_CURRENCY_ORDER.map((currency) => {
    const raw = balances[currency];
    const value = readBalance(raw);
    const name = CURRENCY_NAME[currency];
    if (raw === undefined || raw === null) return `${name}: not reported`;
    if (value === null) return `${name}: unreadable figure from Venice`;
    if (value >= IMPLAUSIBLE_BALANCE) return `${name}: implausible figure from Venice (${formatFull(value)})`;
    return `${name}: ${formatFull(value)}`;
  });
}

function levelOf(amount: number, warnAt: number, criticalAt: number): BadgeLevel {
  if (amount <= 0 || amount < criticalAt) return 'critical';
  if (amount < warnAt) return 'warn';
  return 'ok';
}

function deniedReason(figures: BadgeFigures): string {
  const anyLeft = AUTO_CURRENCY_ORDER.some((c) => (usable(readBalance(figures.balances[c])) ?? 0) > 0);
  return anyLeft
    ? 'Venice does not permit requests with this key right now (a spend cap may be reached, or the account is restricted).'
    : 'Nothing left to spend: the key’s spend cap is reached or the account balance is empty.';
}

function view(
  text: string,
  tone: BadgeTone,
  title: string[],
  state: BadgeStateName,
  figure: { currency: BadgeCurrency | null; amount: number | null; level: BadgeLevel | null },
): BadgeView {
  return {
    text,
    color: BADGE_COLOURS[tone].hex,
    textColor: BADGE_COLOURS[tone].textHex,
    title: title.join('\n'),
    state,
    ...figure,
  };
}

export function computeBadge(input: BadgeInput): BadgeView {
  const none = { currency: null, amount: null, level: null };
  if (!input.badgeKey || input.vault === 'none') {
    return view('', 'inactive', [DEFAULT_TITLE], 'off', none);
  }
  const head = `${DEFAULT_TITLE} · ${input.badgeKey.label || 'badge key'}`;
  const { figures, problem, now } = input;
  const problemIsCurrent = problem !== null && (figures === null || problem.at >= figures.fetchedAt);
  const lockLine = input.vault === 'locked' ? ['🔒 Vault locked: unlock to refresh the balance.'] : [];

  if (problemIsCurrent && problem.kind === 'key') {
    return view(
      BADGE_SIGNS.invalidKey.text,
      'inactive',
      [head, `${BADGE_SIGNS.invalidKey.meaning} ${problem.message}`, ...lockLine],
      'invalid-key',
      none,
    );
  }

  // What the latest figures say, before asking whether they are current.
  let figureText = BADGE_SIGNS.pending.text;
  let figureTone: BadgeTone = 'inactive';
  let figureState: BadgeStateName = 'pending';
  let figure: { currency: BadgeCurrency | null; amount: number | null; level: BadgeLevel | null } = none;
  const details: string[] = [];
  if (figures) {
    const { currency, amount } = spendable(figures.balances, input.currency);
    const level = amount === null ? null : levelOf(amount, input.warnAt, input.criticalAt);
    figure = { currency, amount, level };
    if (!figures.accessPermitted) {
      figureText = BADGE_SIGNS.denied.text;
      figureTone = 'critical';
      figureState = 'denied';
      details.push(`“${BADGE_SIGNS.denied.text}”: ${BADGE_SIGNS.denied.meaning}`, deniedReason(figures));
    } else if (amount === null) {
      figureText = BADGE_SIGNS.noFigure.text;
      figureState = 'no-figure';
      details.push(`Venice reported no usable ${CURRENCY_NAME[currency]} balance for this key.`);
    } else {
      figureText = formatAmount(amount, currency);
      figureTone = level ?? 'inactive';
      figureState = 'fresh';
      details.push(`Can spend (badge shows ${CURRENCY_NAME[currency]}):`);
    }
    details.push(...balanceLines(figures.balances));
  }

  // The cap forecast (lib/usage) closes the tooltip, after the figures and their age.
  const forecastLine = figures && input.forecast ? [input.forecast] : [];
  // A figure that is not current gives its age as old ("figures from 3 min ago"), never as
  // "Updated just now" next to a failure.
  const oldAge = figures
    ? [`Figures from the last successful refresh, ${formatOldAge(now - figures.fetchedAt)}.`]
    : [];
  if (input.vault === 'locked') {
    const line = figures ? 'Showing the last known figure.' : 'No figure known yet.';
    return view(
      figureText,
      'inactive',
      [head, `${lockLine[0]} ${line}`, ...details, ...oldAge, ...forecastLine],
      'locked',
      figure,
    );
  }
  const tooOld = figures !== null && now - figures.fetchedAt > 2 * input.periodMinutes * 60_000;
  if (problemIsCurrent || tooOld) {
    const why = problemIsCurrent
      ? `Last refresh failed: ${problem.message}`
      : `Not refreshed for ${formatAge(now - (figures?.fetchedAt ?? now)).replace(' ago', '')}.`;
    const line = figures ? `${why} Showing the last known figure.` : why;
    return view(
      figureText,
      'inactive',
      [head, line, ...details, ...oldAge, ...forecastLine],
      'stale',
      figure,
    );
  }
  if (!figures)
    return view(
      BADGE_SIGNS.pending.text,
      'inactive',
      [head, 'Waiting for the first balance from Venice…'],
      'pending',
      none,
    );
  return view(
    figureText,
    figureTone,
    [head, ...details, `Updated ${formatAge(now - figures.fetchedAt)}`, ...forecastLine],
    figureState,
    figure,
  );
}
