/**
 * The next opening's usage shell: the usage view as this popup drew it from the stored figures,
 * saved (through the worker, into the usage cache's record) so that popup-cache.js can put it on
 * the page before the popup's modules have run (lib/storage/popup-cache-script.ts), as the key
 * list's shell (./shell.ts). Part of the lazily loaded usage view, never of the first load.
 *
 * What goes in: the view's heading, the forecasts, the day chart with its summary and the top-N
 * lists, as drawn. What stays out: the period's radio buttons, the table alternatives (closed,
 * and the heaviest part), alerts, the SVG's pattern (an `id` could clobber the page's globals), and times that age.
 * The usage figures hold no secret, and nothing of the usage view shows one.
 */
import { call } from '@/lib/messaging/client';
import {
  SHELL_ATTRIBUTES,
  SHELL_TAGS,
  USAGE_SHELL_ATTRIBUTES,
  USAGE_SHELL_TAGS,
} from '@/lib/storage/popup-cache-script';
import type { UsageWindowDays } from '@/lib/usage/types';
import { kept } from './shell';

const KEPT_TAG = new RegExp(`^(${SHELL_TAGS}|${USAGE_SHELL_TAGS})$`);
const KEPT_ATTRIBUTE = new RegExp(`^(${SHELL_ATTRIBUTES}|${USAGE_SHELL_ATTRIBUTES})$`);
const LEFT_OUT = 'fieldset, details, [role="alert"], defs';

/** The shell's markup of the usage view `view` (its `<section>`), inside the popup's `<main>`. */
export function usageShellMarkup(view: Element): string {
  const doc = view.ownerDocument;
  const out = doc.createElement('main');
  out.className = 'popup';
  const copy = view.cloneNode(true) as Element;
  for (const node of copy.querySelectorAll(LEFT_OUT)) node.remove();
  out.append(copy);
  return kept(out, KEPT_TAG, KEPT_ATTRIBUTE);
}

let lastSaved: string | null = null;

/** Saves the usage view `view` as drawn from the `windowDays` figures of `fetchedAt`; the same markup twice is saved once. */
export async function saveUsageShell(
  view: Element,
  windowDays: UsageWindowDays,
  fetchedAt: number,
): Promise<void> {
  const html = usageShellMarkup(view);
  // A refresh rewrites the record without the shell: the same markup of newer figures is saved again.
  const saving = `${windowDays} ${fetchedAt} ${html}`;
  if (saving === lastSaved) return;
  lastSaved = saving;
  try {
    if (!(await call('usage.saveShell', { windowDays, fetchedAt, html }))) lastSaved = null;
  } catch {
    lastSaved = null;
  }
}
