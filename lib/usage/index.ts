/** Usage's background surface: the worker's one service, wired to the key service and storage. */
import { getKeyService } from '@/lib/keys';
import { getVeniceClient } from '@/lib/venice';
import { createUsageService, type UsageService } from './service';
import { createStorageUsageStore } from './store';

let service: UsageService | null = null;

export function getUsageService(): UsageService {
  service ??= createUsageService({
    getClient: getVeniceClient,
    getManagementKey: () => getKeyService().managementKey(),
    store: createStorageUsageStore(),
    now: () => Date.now(),
  });
  return service;
}
