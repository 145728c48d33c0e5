import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerVault } from '@/lib/vault';

// The fake browser has no setAccessLevel: give both areas one to watch.
const session = fakeBrowser.storage.session as unknown as { setAccessLevel?: unknown };
const local = fakeBrowser.storage.local as unknown as { setAccessLevel?: unknown };
const sessionLevel = vi.fn(async (_: { accessLevel: string }) => undefined);
const localLevel = vi.fn(async (_: { accessLevel: string }) => undefined);

beforeEach(() => {
  fakeBrowser.reset();
  sessionLevel.mockClear();
  localLevel.mockClear();
  session.setAccessLevel = sessionLevel;
  local.setAccessLevel = localLevel;
});

afterEach(() => {
  delete session.setAccessLevel;
  delete local.setAccessLevel;
});

const TRUSTED = { accessLevel: 'TRUSTED_CONTEXTS' };
/** Only what the event itself does counts. */
const forget = () => {
  sessionLevel.mockClear();
  localLevel.mockClear();
};

describe('registerVault: storage for trusted contexts only', () => {
  it('a worker start sends no request for it (the browser keeps the level)', () => {
    registerVault();
    expect(sessionLevel).not.toHaveBeenCalled();
    expect(localLevel).not.toHaveBeenCalled();
  });

  it.each([
    ['install', 'install'],
    ['update', 'update'],
    ['browser update', 'browser_update'],
  ] as const)('on %s, session and local storage are set to trusted contexts', async (_, reason) => {
    registerVault();
    forget();
    await fakeBrowser.runtime.onInstalled.trigger({ reason, temporary: false });
    expect(sessionLevel).toHaveBeenCalledWith(TRUSTED);
    expect(localLevel).toHaveBeenCalledWith(TRUSTED);
  });

  it('at browser start, both are set again', async () => {
    registerVault();
    forget();
    await fakeBrowser.runtime.onStartup.trigger();
    expect(sessionLevel).toHaveBeenCalledWith(TRUSTED);
    expect(localLevel).toHaveBeenCalledWith(TRUSTED);
  });

  it('a browser without setAccessLevel on storage.local still gets session storage restricted', async () => {
    delete local.setAccessLevel;
    registerVault();
    forget();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', temporary: false });
    expect(sessionLevel).toHaveBeenCalledWith(TRUSTED);
  });
});
