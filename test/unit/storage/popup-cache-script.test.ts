import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { KEY_CACHE_KEY, KEY_SHELL_KEY, STORAGE_KEYS } from '@/lib/storage/keys';
import { popupCacheScript } from '@/lib/storage/popup-cache-script';

describe("the popup's early cache script", () => {
  it('starts reading the list’s shell, the screen left and the key-list cache under the shared keys and leaves the promises for the popup', async () => {
    const asked: unknown[] = [];
    const answer = Promise.resolve({ [KEY_CACHE_KEY]: { keys: [] } });
    const screen = Promise.resolve({ [STORAGE_KEYS.session.popupRoute]: { name: 'usage' } });
    const scope: Record<string, unknown> = {
      chrome: {
        storage: {
          local: {
            get: (key: unknown) => {
              asked.push(key);
              return answer;
            },
          },
          session: {
            get: (key: unknown) => {
              asked.push(`session:${key}`);
              return screen;
            },
          },
        },
      },
    };
    scope.globalThis = scope;
    runInNewContext(popupCacheScript(), scope);
    // The shell and its owner first and on their own (small whatever the number of keys), then the list.
    expect(asked).toEqual([
      [KEY_SHELL_KEY, STORAGE_KEYS.local.settings],
      `session:${STORAGE_KEYS.session.popupRoute}`,
      KEY_CACHE_KEY,
    ]);
    // The list cache's promise settles after the shell is decided, with the read's own answer.
    expect(scope.vkcListCache).not.toBe(answer);
    expect(await scope.vkcListCache).toEqual(await answer);
    expect(scope.vkcRoute).toBe(screen);
  });

  it('prefers the browser namespace, and does nothing where there is no extension API', () => {
    const asked: string[] = [];
    const scope: Record<string, unknown> = {
      browser: {
        storage: {
          local: {
            get: () => {
              asked.push('browser');
              return Promise.resolve({});
            },
          },
          session: { get: () => Promise.resolve({}) },
        },
      },
      chrome: {
        storage: {
          local: {
            get: () => {
              asked.push('chrome');
              return Promise.resolve({});
            },
          },
          session: { get: () => Promise.resolve({}) },
        },
      },
    };
    scope.globalThis = scope;
    runInNewContext(popupCacheScript(), scope);
    expect(asked).toEqual(['browser', 'browser']); // the shell's read and the list's
    const bare: Record<string, unknown> = {};
    bare.globalThis = bare;
    runInNewContext(popupCacheScript(), bare);
    expect(bare.vkcListCache).toBeUndefined();
    expect(bare.vkcRoute).toBeUndefined();
  });
});
