import { z } from 'zod';
import { method } from '@/lib/messaging/define';
import { getLeakService, scanTab } from './index';

export const leaksApi = {
  /** The leak window's one read: the held selection's matches (masked); the selection is gone afterwards. */
  'leaks.redeem': method(
    () => z.object({ ticket: z.string().min(1).max(100) }),
    ({ ticket }) => getLeakService().redeem(ticket),
  ),
  /** Scans the given tab (the popup's, granted by activeTab) and opens the leak window on its text. */
  'leaks.scanTab': method(
    () => z.object({ tabId: z.number().int().nonnegative() }),
    async ({ tabId }) => {
      await scanTab(tabId);
      return { opened: true };
    },
  ),
};
