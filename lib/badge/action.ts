import { browser } from 'wxt/browser';
import type { BadgeView } from './compute';

/**
 * The thin layer over `browser.action`: everything the badge decides is in compute.ts;
 * this only paints it. Firefox's MV2 build has `browserAction` instead of `action`, and
 * `setBadgeTextColor` is missing from older browsers, so both are optional.
 */
export async function applyBadge(
  badge: Pick<BadgeView, 'text' | 'color' | 'textColor' | 'title'>,
): Promise<void> {
  const action =
    browser.action ?? (browser as unknown as { browserAction?: typeof browser.action }).browserAction;
  if (!action) return;
  const calls: Promise<unknown>[] = [
    action.setBadgeText({ text: badge.text }),
    action.setBadgeBackgroundColor({ color: badge.color }),
    action.setTitle({ title: badge.title }),
  ];
  if (typeof action.setBadgeTextColor === 'function')
    calls.push(action.setBadgeTextColor({ color: badge.textColor }));
  await Promise.all(calls);
}
