/**
 * The context menu's background wiring: creates the items when the extension is installed or
 * updated and when the browser starts, and registers the one click dispatcher.
 */
import { browser } from 'wxt/browser';
import { menuItems } from './items';
import {
  assertUniqueIds,
  createMenuDispatcher,
  createMenuItems,
  type MenuItem,
  type MenusApi,
} from './registry';

export { defineMenuItem, type MenuClickInfo, type MenuItem, type MenuTab } from './registry';

/** Chrome's `contextMenus`; Firefox's own name is `menus` (it answers to `contextMenus` too). */
function menusApi(): MenusApi {
  const b = browser as unknown as { menus?: MenusApi; contextMenus?: MenusApi };
  const api = b.contextMenus ?? b.menus;
  if (!api) throw new Error('No context-menu API: the contextMenus permission is missing.');
  return api;
}

/**
 * Must run synchronously while the worker starts (see registry.ts). In the development build,
 * `globalThis.vkcMenuClick(info, tab)` runs the same dispatcher: Playwright cannot click a
 * native context menu, so the e2e tests pass the data Chrome would (menuItemId, selectionText,
 * pageUrl). Vite drops that branch from the production bundle.
 */
export function registerMenus(items: readonly MenuItem[] = menuItems): void {
  assertUniqueIds(items);
  const menus = menusApi();
  const dispatch = createMenuDispatcher(items);
  const create = () => {
    createMenuItems(menus, items).catch((err: unknown) => {
      console.error('[vkc] could not create the context menu:', err instanceof Error ? err.name : typeof err);
    });
  };
  browser.runtime.onInstalled.addListener(create);
  browser.runtime.onStartup.addListener(create);
  menus.onClicked.addListener((info, tab) => {
    void dispatch(info, tab);
  });
  if (import.meta.env.MODE === 'development')
    (globalThis as { vkcMenuClick?: typeof dispatch }).vkcMenuClick = dispatch;
}
