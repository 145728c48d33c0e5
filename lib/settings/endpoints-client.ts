/**
 * The pages' view of custom endpoints (the red banner on every extension page). Page-side only:
 * it imports nothing but the message client, so the popup's initial load stays small.
 */
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { call } from '@/lib/messaging/client';
import { ENDPOINT_NOTICE_KEY, SETTINGS_KEY } from '@/lib/storage/page-keys';
import type { EndpointsState } from './api';

export type { EndpointsState };

export const endpointsState = signal<EndpointsState | null>(null);

export async function loadEndpoints(): Promise<void> {
  try {
    endpointsState.value = await call('settings.endpoints');
  } catch {
    // The page shows its own load error; the banner waits for the next settings change.
  }
}

export async function dismissEndpointNotice(): Promise<void> {
  try {
    endpointsState.value = await call('settings.dismissEndpointNotice');
  } catch {
    // Stays shown; the next load tries again.
  }
}

/** Loads now and again whenever the settings change (only `storage.local`: nothing secret there). */
export function watchEndpoints(): () => void {
  void loadEndpoints();
  const listener = (changes: Record<string, unknown>) => {
    if (SETTINGS_KEY in changes || ENDPOINT_NOTICE_KEY in changes) void loadEndpoints();
  };
  browser.storage.local.onChanged.addListener(listener);
  return () => browser.storage.local.onChanged.removeListener(listener);
}
