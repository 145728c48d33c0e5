import { method } from '@/lib/messaging/define';
import { getBadgeUpdater } from './index';

/** The badge's methods for the options page. Never returns a secret. */
export const badgeApi = {
  /** What the badge shows now, why, and the figures behind it. */
  'badge.state': method(() => getBadgeUpdater().status()),
  /** The user asked: refresh now (Venice's Retry-After still holds), then report. */
  'badge.refresh': method(async () => {
    const badge = getBadgeUpdater();
    await badge.refresh('event');
    return badge.status();
  }),
};
