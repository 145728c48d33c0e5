import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { KEY_CACHE_KEY } from '@/lib/storage/keys';
import { popupCacheScript } from '@/lib/storage/popup-cache-script';

describe("the popup's early cache script", () => {
  it('starts reading the key-list cache under the shared key and leaves the promise for the popup', () => {
    const asked: unknown[] = [];
    const answer = Promise.resolve({ [KEY_CACHE_KEY]: { keys: [] } });
    const scope: Record<string, unknown> = {
      chrome: {
        storage: {
          local: {
            get: (key: unknown) => {
              asked.push(key);
              return answer;
            },
          },
        },
      },
    };
    scope.globalThis = scope;
    runInNewContext(popupCacheScript(), scope);
    expect(asked).toEqual([KEY_CACHE_KEY]);
    expect(scope.vkcListCache).toBe(answer);
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
        },
      },
    };
    scope.globalThis = scope;
    runInNewContext(popupCacheScript(), scope);
    expect(asked).toEqual(['browser']);
    const bare: Record<string, unknown> = {};
    bare.globalThis = bare;
    runInNewContext(popupCacheScript(), bare);
    expect(bare.vkcListCache).toBeUndefined();
  });
});
