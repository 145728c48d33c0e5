import { method } from '@/lib/messaging/define';
import { z } from '@/lib/zod';
import { getLeakService, scanTab } from './index';

export const leaksApi = {
  /** The leak window's one read: the held selection's matches (masked); the selection is gone afterwards. */
  'leaks.redeem': method(
    () => z.object({ ticket: z.string().check(z.minLength(1), z.maxLength(100)) }),
    ({ ticket }) => getLeakService().redeem(ticket),
  ),
  /** Scans the given tab (the popup's, granted by activeTab) and opens the leak window on its text. */
  'leaks.scanTab': method(
    () => z.object({ tabId: z.number().check(z.int(), z.nonnegative()) }),
    async ({ tabId }) => {
      await scanTab(tabId);
      return { opened: true };
    },
  ),
};
