import { fillNewKeyMenuItem } from '@/lib/apps/menu';
import { leakCheckMenuItem } from '@/lib/leaks';
import type { MenuItem } from './registry';

/**
 * Every context-menu item of the extension, in the order the menu shows them. A feature adds its
 * item here (one import, one entry); `test/unit/menus/registry.test.ts` checks the list.
 */
export const menuItems: readonly MenuItem[] = [leakCheckMenuItem, fillNewKeyMenuItem];
