/**
 * The extension's context-menu items, one registry for all of them.
 *
 * Chrome keeps created items across worker restarts but not across an update, so items are
 * (re)created on `runtime.onInstalled` (install, update, reload) and `runtime.onStartup` (a new
 * browser session), after clearing what was there: creating an id that exists is an error.
 * Clicks come through ONE `onClicked` listener, added synchronously while the worker starts,
 * so a click wakes a stopped worker and reaches it (a listener added later, after an await, is
 * not there when the event that woke the worker is dispatched).
 *
 * A feature adds an item by declaring it (`defineMenuItem`) and listing it in `./items.ts`.
 */

/** The contexts this extension uses (Chrome's and Firefox's `menus`/`contextMenus` share them). */
export type MenuContext = 'selection' | 'editable' | 'page' | 'link' | 'action';

/** What Chrome passes to `onClicked`, reduced to what our items read. */
export interface MenuClickInfo {
  menuItemId: string | number;
  selectionText?: string;
  pageUrl?: string;
  frameUrl?: string;
  frameId?: number;
  editable?: boolean;
}

/** The tab the click happened in, reduced to what our items read. */
export interface MenuTab {
  id?: number;
  url?: string;
  windowId?: number;
}

export interface MenuItem {
  /** Unique among this extension's items; also the `menuItemId` Chrome sends back. */
  id: string;
  title: string;
  contexts: MenuContext[];
  onClick(info: MenuClickInfo, tab: MenuTab | undefined): void | Promise<void>;
}

/** The slice of `browser.contextMenus` (Firefox: also `browser.menus`) the registry needs. */
export interface MenusApi {
  removeAll(): Promise<void>;
  create(props: { id: string; title: string; contexts: MenuContext[] }): unknown;
  onClicked: { addListener(listener: (info: MenuClickInfo, tab?: MenuTab) => void): void };
}

/** Declares an item; a function only so that every item file has the same shape and types. */
export function defineMenuItem(item: MenuItem): MenuItem {
  return item;
}

/** Checks the list once: two items with one id would make Chrome refuse the second create. */
export function assertUniqueIds(items: readonly MenuItem[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw new Error(`Two context-menu items share the id "${item.id}".`);
    seen.add(item.id);
  }
}

/** Clears this extension's items and creates every item of the list, in order. */
export async function createMenuItems(menus: MenusApi, items: readonly MenuItem[]): Promise<void> {
  await menus.removeAll();
  for (const { id, title, contexts } of items) {
    // Chrome reports a failed create through runtime.lastError in a callback (the promise
    // form of `create` does not exist: it returns the id). A failure here means a bad item,
    // which the unit test on the real list catches; nothing to do at run time.
    menus.create({ id, title, contexts });
  }
}

/**
 * The one click dispatcher: finds the item by id and runs it. An unknown id (an item removed in
 * an update whose old menu Chrome still showed) is ignored. A failing item is reported by class
 * only: the click's info holds the user's selection, which must never reach a log.
 */
export function createMenuDispatcher(items: readonly MenuItem[]) {
  const byId = new Map(items.map((item) => [item.id, item]));
  return async function dispatch(info: MenuClickInfo, tab: MenuTab | undefined): Promise<boolean> {
    const item = byId.get(String(info.menuItemId));
    if (!item) return false;
    try {
      await item.onClick(info, tab);
    } catch (err) {
      console.error('[vkc] context-menu item failed:', item.id, err instanceof Error ? err.name : typeof err);
    }
    return true;
  };
}
