/** Usage's background surface: the worker's one service, wired to the key service and storage. */
import { browser } from 'wxt/browser';
import { BADGE_ALARM } from '@/lib/badge/updater';
import { getKeyService } from '@/lib/keys';
import { asAdmin } from '@/lib/keys/access';
import { getSettings } from '@/lib/settings/service';
import { readKeyCache } from '@/lib/storage/key-cache';
import { createVeniceClient } from '@/lib/venice';
import { createForecastNotifier, FORECAST_MAX_AGE_MS, forecastNotifiedItem } from './notify';
import { createUsageService, type UsageService } from './service';
import { createStorageUsageStore } from './store';

let service: UsageService | null = null;

export function getUsageService(): UsageService {
  service ??= createUsageService({
    // Analytics without immediate retries: a 504 means the window is too long, and asking the same query again
    // (Venice's error-budget headers make the client wait 30 s) only delays saying so. The
    // service's own 10-minute rule decides when to ask again. Export pages keep the retries.
    // Both calls are made with the management key: its 401 and "Admin API key required" are said as
    // that key's, as the key list's are (lib/keys/access.ts).
    getClient: async (purpose) => {
      const { apiBaseUrl } = await getSettings();
      const client = createVeniceClient({
        baseUrl: apiBaseUrl,
        ...(purpose === 'analytics' ? { maxRetries: 0 } : {}),
      });
      return {
        ...client,
        getUsageAnalytics: (...args) => asAdmin(client.getUsageAnalytics(...args)),
        getUsageHistory: (...args) => asAdmin(client.getUsageHistory(...args)),
      };
    },
    getManagementKey: () => getKeyService().managementKey(),
    store: createStorageUsageStore(),
    now: () => Date.now(),
  });
  return service;
}

/**
 * The forecast notification, on the badge's alarm (no alarm of its own). It reads caches only,
 * so a tick costs no request; the figures are as fresh as the last list refresh.
 */
export function registerForecastNotice(): void {
  const store = createStorageUsageStore();
  const notifier = createForecastNotifier({
    now: () => Date.now(),
    daysBefore: async () => {
      const { forecastNotice } = await getSettings();
      return forecastNotice.enabled ? forecastNotice.daysBefore : null;
    },
    read: async () => {
      const cache = await readKeyCache();
      const week = await store.read(7);
      // The account's own days (web-app use included), when they are this account's and recent.
      const sameAccount =
        week.snapshot !== null &&
        week.ownerEntryId !== null &&
        week.ownerEntryId === cache.ownerEntryId &&
        week.fetchedAt !== null &&
        Date.now() - week.fetchedAt <= FORECAST_MAX_AGE_MS;
      return {
        keys: cache.keys,
        keysFetchedAt: cache.fetchedAt,
        balance: cache.balance,
        accountDaily:
          sameAccount && week.snapshot
            ? { usd: week.snapshot.days.map((d) => d.usd), diem: week.snapshot.days.map((d) => d.diem) }
            : null,
      };
    },
    notified: {
      get: async () => (await forecastNotifiedItem.getValue()) ?? {},
      set: (next) => forecastNotifiedItem.setValue(next),
    },
    show: async (id, title, message) => {
      await browser.notifications.create(id, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title,
        message,
      });
    },
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== BADGE_ALARM) return;
    notifier.check().catch(() => console.warn('[vkc] forecast notification check failed'));
  });
}
