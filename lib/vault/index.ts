/**
 * The vault's surface for the rest of the background (background only: it decrypts).
 * UI pages use the `vault.*` methods (lib/vault/api.ts) instead, and may import only
 * `./types`, `./errors` and `./strength`.
 */
import { browser } from 'wxt/browser';
import type { VaultChangedNotice } from '@/lib/messaging/protocol';
import { registerAutoLock } from './autolock';
import type { AddStoredKeyInput, StoredKeyMeta, StoredKeyPatch, VaultStatus } from './types';
import { createVaultService, type VaultService } from './vault';

export * from './errors';
export { onVaultKeysChanged } from './events';
export type * from './types';

let service: VaultService | null = null;

/** The one vault of this extension, made on first use (tests make their own: createVaultService). */
export function getVaultService(): VaultService {
  service ??= createVaultService();
  return service;
}

export function getVaultStatus(): Promise<VaultStatus> {
  return getVaultService().getStatus();
}
/** Throws VaultLockedError when locked. */
export function listStoredKeys(): Promise<StoredKeyMeta[]> {
  return getVaultService().listStoredKeys();
}
/** Background only: never send the result to a page except on the user's explicit reveal or copy. */
export function getStoredSecret(entryId: string): Promise<string> {
  return getVaultService().getStoredSecret(entryId);
}
/** Resolves once the key is written (durable) in the encrypted record. */
export function addStoredKey(input: AddStoredKeyInput): Promise<StoredKeyMeta> {
  return getVaultService().addStoredKey(input);
}
export function updateStoredKey(entryId: string, patch: StoredKeyPatch): Promise<StoredKeyMeta> {
  return getVaultService().updateStoredKey(entryId, patch);
}
export function removeStoredKey(entryId: string): Promise<void> {
  return getVaultService().removeStoredKey(entryId);
}
export function findStoredKeyByVeniceId(veniceKeyId: string): Promise<StoredKeyMeta | null> {
  return getVaultService().findStoredKeyByVeniceId(veniceKeyId);
}
/** In-worker hooks; register them at worker start. */
export function onVaultUnlocked(callback: () => void): void {
  getVaultService().onUnlocked(callback);
}
export function onVaultLocked(callback: () => void): void {
  getVaultService().onLocked(callback);
}

function announce(status: VaultChangedNotice['status']): void {
  const notice: VaultChangedNotice = { kind: 'vkc/vault-changed', status };
  // Rejects when no page is open to hear it: nothing to do then.
  void browser.runtime.sendMessage(notice).catch(() => undefined);
}

type AccessLevelArea = { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };

/** Our storage for our own pages and worker only, never our content scripts. */
function restrictStorageToTrustedContexts(): void {
  // Content scripts must never read the unlocked key (this is Chrome's default; say it anyway).
  const session = browser.storage.session as AccessLevelArea;
  void session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })?.catch(() => undefined);
  // storage.local too, where the browser allows it (recent Chromium; elsewhere this rejects or is absent).
  const local = browser.storage.local as AccessLevelArea;
  void local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })?.catch(() => undefined);
}

/**
 * Listeners of the vault, called once per worker start from lib/background/start.ts:
 * session storage for trusted contexts only, the auto-lock alarm, and the first-run page.
 */
export function registerVault(): void {
  // Chromium keeps an area's access level in the extension's preferences (it outlives the worker
  // and the browser session), so setting it on install, on update and at browser start is enough.
  // Set at every worker start, it cost each cold start two requests before its first answer.
  browser.runtime.onStartup.addListener(restrictStorageToTrustedContexts);
  const vault = getVaultService();
  registerAutoLock(vault);
  // Open pages follow the vault without watching session storage (which holds the key material).
  vault.onLocked(() => announce('locked'));
  vault.onUnlocked(() => announce('unlocked'));
  browser.runtime.onInstalled.addListener(({ reason }) => {
    restrictStorageToTrustedContexts();
    // A new tab of its own: openOptionsPage() may take over a blank tab the user just opened.
    if (reason === 'install')
      void browser.tabs.create({ url: browser.runtime.getURL('/options.html') }).catch(() => undefined);
  });
}
