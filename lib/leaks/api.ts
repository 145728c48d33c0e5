import { z } from 'zod';
import { method } from '@/lib/messaging/define';
import { getLeakService } from './index';

export const leaksApi = {
  /** The leak window's one read: the held selection's matches (masked); the selection is gone afterwards. */
  'leaks.redeem': method(
    () => z.object({ ticket: z.string().min(1).max(100) }),
    ({ ticket }) => getLeakService().redeem(ticket),
  ),
};
