/**
 * Moved: what is stored is lib/storage/settings-item.ts, the rules lib/settings (endpoints.ts,
 * service.ts). This re-export goes once nothing imports it.
 */
export * from '@/lib/settings/endpoints';
export * from '@/lib/settings/service';
export * from './settings-item';
