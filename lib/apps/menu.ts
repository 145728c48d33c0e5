import { defineMenuItem } from '@/lib/menus/registry';
import { getAppsService } from './index';

/**
 * "Fill a new Venice key" on an editable element (issue 17): opens the confirm window for the
 * frame the click came from; the key is minted only from that window's own button.
 */
export const fillNewKeyMenuItem = defineMenuItem({
  id: 'vkc-fill-new-key',
  title: 'Fill a new Venice key',
  contexts: ['editable'],
  async onClick(info, tab) {
    await getAppsService().beginFromMenu(info, tab);
  },
});
