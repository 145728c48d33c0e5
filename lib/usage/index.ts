/** Usage's background surface: the worker's one service, wired to the key service and storage. */
import { getKeyService } from '@/lib/keys';
import { getSettings } from '@/lib/settings/service';
import { createVeniceClient } from '@/lib/venice';
import { createUsageService, type UsageService } from './service';
import { createStorageUsageStore } from './store';

let service: UsageService | null = null;

export function getUsageService(): UsageService {
  service ??= createUsageService({
    // Analytics without immediate retries: a 504 means the window is too long, and asking the same query again
    // (Venice's error-budget headers make the client wait 30 s) only delays saying so. The
    // service's own 10-minute rule decides when to ask again. Export pages keep the retries.
    getClient: async (purpose) => {
      const { apiBaseUrl } = await getSettings();
      return createVeniceClient({
        baseUrl: apiBaseUrl,
        ...(purpose === 'analytics' ? { maxRetries: 0 } : {}),
      });
    },
    getManagementKey: () => getKeyService().managementKey(),
    store: createStorageUsageStore(),
    now: () => Date.now(),
  });
  return service;
}
