/**
 * The next opening's shell: the key list as this popup drew it from the background's answer,
 * saved (through the worker, into the list cache's record) so that popup-cache.js can put it on
 * the page before the popup's modules have run (lib/storage/popup-cache-script.ts). Loaded after
 * the list is painted; not part of the popup's first load.
 *
 * Only the parts of the page that show the list go in: the header (title, balance), the toolbar
 * and the list itself. Notices, pending revocations, errors and sparklines stay out, and so do the
 * times that age ("5 min ago", expiries): the shell says "…" there until the live list follows.
 * Nothing on the list screen shows a secret (a secret is shown only by the create, rotate and
 * reveal views), and only the list screen is saved.
 */
import { call } from '@/lib/messaging/client';
import { SHELL_ATTRIBUTES, SHELL_TAGS } from '@/lib/storage/popup-cache-script';
import { siteFilter } from './sites';
import { PAGE_SIZE, type PopupState } from './state';

/** The page's parts that go into the shell, in order. */
const PARTS = '.popup__header, .toolbar, .key-list';
/** Inside those parts: what a later opening must not show as it was. */
const LEFT_OUT = 'svg, [role="alert"], [role="dialog"]';
/** Text that ages: the list's age and each key's expiry. */
const AGING = '[aria-label="List age"], .key-row__expiry';
const KEPT_TAG = new RegExp(`^(${SHELL_TAGS})$`);
const KEPT_ATTRIBUTE = new RegExp(`^(${SHELL_ATTRIBUTES})$`);
/** What `relativeTime` (components/Ago.tsx) writes: "just now", "12 s ago", "in 3 days". */
const RELATIVE = /just now|\b\d+ (?:s|min|h|days?) ago\b|\bin \d+ (?:s|min|h|days?|d)\b/g;

/** The shell's markup of `main` (the popup's `<main>`), or null when it shows no key list. */
export function shellMarkup(main: Element): string | null {
  const doc = main.ownerDocument;
  const out = doc.createElement('main');
  out.className = main.className;
  for (const part of main.querySelectorAll(PARTS)) {
    if (part.parentElement !== main) continue;
    out.append(part.cloneNode(true));
  }
  if (!out.querySelector('.key-list')) return null;
  for (const node of out.querySelectorAll(LEFT_OUT)) node.remove();
  for (const node of out.querySelectorAll(AGING)) node.textContent = '…';
  return kept(out, KEPT_TAG, KEPT_ATTRIBUTE);
}

/**
 * The markup of `out` as popup-cache.js would keep it (it trusts nothing from storage: the rest
 * would be stored and read for nothing), times that age said as "…". Shared with the usage view's
 * shell (./usage-shell.ts).
 */
export function kept(out: Element, tags: RegExp, attributes: RegExp): string {
  for (const node of out.querySelectorAll('*')) {
    if (!tags.test(node.localName)) node.remove();
    else for (const { name } of [...node.attributes]) if (!attributes.test(name)) node.removeAttribute(name);
  }
  const texts = out.ownerDocument.createTreeWalker(out, NodeFilter.SHOW_TEXT);
  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
    const text = node.nodeValue ?? '';
    const shown = text.replace(RELATIVE, '…');
    if (shown !== text) node.nodeValue = shown;
  }
  return out.outerHTML;
}

/** The list as the first live render draws it: default filter and order, the first page of rows. */
function asFirstDrawn(state: PopupState): boolean {
  return (
    state.route.value.name === 'list' &&
    state.filterText.value === '' &&
    state.filterType.value === 'ALL' &&
    state.sortBy.value === 'created' &&
    siteFilter.value === '' &&
    state.hidden.value.size === 0 &&
    state.rowLimit.value === PAGE_SIZE
  );
}

let lastSaved: string | null = null;
let pending: ReturnType<typeof setTimeout> | undefined;

/** Saves the list as drawn now, once this render's effects are done; the same markup twice is saved once. */
export function saveShell(state: PopupState): void {
  clearTimeout(pending);
  pending = setTimeout(() => void save(state), 0);
}

async function save(state: PopupState): Promise<void> {
  const overview = state.overview.value;
  const fetchedAt = overview?.list.fetchedAt ?? null;
  if (overview?.access.state !== 'ready' || fetchedAt === null || !asFirstDrawn(state)) return;
  const main = document.querySelector('main.popup');
  const html = main && shellMarkup(main);
  if (!html || html === lastSaved || html === state.cached.value?.shell) return;
  lastSaved = html;
  try {
    await call('keys.saveShell', { fetchedAt, html });
  } catch {
    lastSaved = null;
  }
}
