import { describe, expect, it, vi } from 'vitest';
import { AppError } from '@/lib/errors';
import { method } from '@/lib/messaging/define';
import { createRouter, isTrustedSender, type SenderInfo } from '@/lib/messaging/router';
import { z } from '@/lib/zod';

const opts = {
  extensionId: 'abcdefghijklmnopabcdefghijklmnop',
  extensionOrigin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/',
};
const ownPage = { id: opts.extensionId, url: `${opts.extensionOrigin}popup.html` };

describe('isTrustedSender', () => {
  it.each([
    ['our popup', ownPage, true],
    [
      'our options page in a tab',
      { ...ownPage, url: `${opts.extensionOrigin}options.html`, tab: { id: 3 } },
      true,
    ],
    [
      'our own content script (web page URL)',
      { id: opts.extensionId, url: 'https://venice.ai/', tab: { id: 3 } },
      false,
    ],
    [
      'another extension',
      {
        id: 'ponmlkjihgfedcbaponmlkjihgfedcba',
        url: 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba/x.html',
      },
      false,
    ],
    [
      'another extension claiming our URL',
      { id: 'ponmlkjihgfedcbaponmlkjihgfedcba', url: ownPage.url },
      false,
    ],
    [
      'a look-alike origin',
      { id: opts.extensionId, url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnopx/popup.html' },
      false,
    ],
    ['no URL', { id: opts.extensionId }, false],
    ['nothing', {}, false],
  ])('%s → %s', (_name, sender, trusted) => {
    expect(isTrustedSender(sender, opts)).toBe(trusted);
  });
});

describe('createRouter', () => {
  const handler = vi.fn(async (input: { n: number }) => input.n * 2);
  const failing = vi.fn(async () => {
    throw new AppError('vault.locked', 'The vault is locked.');
  });
  const crashing = vi.fn(async () => {
    throw new TypeError('secret VENICE_ADMIN_KEY_abc leaked in a message');
  });
  const route = createRouter(
    {
      double: method(() => z.object({ n: z.number() }), handler),
      locked: method(failing),
      crash: method(crashing),
    },
    opts,
  );

  it('answers a valid request from our own page', async () => {
    await expect(route({ kind: 'vkc/rpc', method: 'double', input: { n: 21 } }, ownPage)).resolves.toEqual({
      ok: true,
      value: 42,
    });
  });

  it('refuses a foreign sender before validating or running anything', async () => {
    handler.mockClear();
    const res = await route(
      { kind: 'vkc/rpc', method: 'double', input: { n: 1 } },
      { id: 'x', url: 'https://evil.example/' },
    );
    expect(res).toMatchObject({ ok: false, error: { code: 'messaging.forbidden' } });
    expect(handler).not.toHaveBeenCalled();
  });

  // zod/mini loads no locale: lib/zod.ts gives it classic zod's English, or this would read "Invalid input".
  it("rejects invalid input with zod's English reason and the field named", async () => {
    const res = await route({ kind: 'vkc/rpc', method: 'double', input: { n: 'x' } }, ownPage);
    expect(res).toEqual({
      ok: false,
      error: {
        code: 'messaging.invalid_input',
        message: 'Invalid input: expected number, received string (n)',
      },
    });
  });

  it('a method without input refuses one, without calling its handler', async () => {
    failing.mockClear();
    const res = await route({ kind: 'vkc/rpc', method: 'locked', input: { sneaky: true } }, ownPage);
    expect(res).toEqual({
      ok: false,
      error: { code: 'messaging.invalid_input', message: 'This request takes no input.' },
    });
    expect(failing).not.toHaveBeenCalled();
  });

  it('rejects unknown methods, prototype names included', async () => {
    for (const m of ['nope', 'toString', '__proto__', 'constructor']) {
      const res = await route({ kind: 'vkc/rpc', method: m }, ownPage);
      expect(res).toMatchObject({ ok: false, error: { code: 'messaging.unknown_method' } });
    }
  });

  it('ignores messages that are not requests', async () => {
    for (const m of [null, 'status', { method: 'double' }, { kind: 'other', method: 'double' }]) {
      expect(await route(m, ownPage)).toMatchObject({ ok: false, error: { code: 'messaging.bad_request' } });
    }
  });

  it('serializes app errors as { code, message } and hides unexpected ones', async () => {
    expect(await route({ kind: 'vkc/rpc', method: 'locked' }, ownPage)).toEqual({
      ok: false,
      error: {
        code: 'vault.locked',
        message: 'The vault is locked. Unlock it with your passphrase first.',
        hint: 'Unlock it with your passphrase first.',
      },
    });
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await route({ kind: 'vkc/rpc', method: 'crash' }, ownPage);
    expect(res).toMatchObject({ ok: false, error: { code: 'extension.internal' } });
    expect(JSON.stringify(res)).not.toContain('VENICE_ADMIN_KEY_');
    expect(JSON.stringify(errorLog.mock.calls)).not.toContain('VENICE_ADMIN_KEY_');
  });

  it('tells the caller, in words, why a request was refused', async () => {
    expect(await route('status', ownPage)).toEqual({
      ok: false,
      error: { code: 'messaging.bad_request', message: 'Not a request this extension understands.' },
    });
    expect(await route({ kind: 'vkc/rpc', method: 'double', input: { n: 1 } }, {})).toEqual({
      ok: false,
      error: {
        code: 'messaging.forbidden',
        message: 'Refused: only this extension’s own pages may ask for this.',
      },
    });
    expect(await route({ kind: 'vkc/rpc', method: 'nope' }, ownPage)).toEqual({
      ok: false,
      error: { code: 'messaging.unknown_method', message: 'Unknown request "nope".' },
    });
  });

  it('hands the handler the calling page and, from a tab, its tab id', async () => {
    const seen: unknown[] = [];
    const whoAsks = createRouter(
      {
        who: method(async (_input: undefined, ctx) => {
          seen.push(ctx);
          return null;
        }),
      },
      opts,
    );
    await whoAsks({ kind: 'vkc/rpc', method: 'who' }, ownPage);
    const tabPage = { ...ownPage, url: `${opts.extensionOrigin}options.html`, tab: { id: 9 } };
    await whoAsks({ kind: 'vkc/rpc', method: 'who' }, tabPage);
    expect(seen).toEqual([{ url: ownPage.url }, { url: tabPage.url, tabId: 9 }]);
  });

  it('logs an unexpected failure by method and class only; an app error is not logged', async () => {
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
    await route({ kind: 'vkc/rpc', method: 'locked' }, ownPage);
    expect(errorLog).not.toHaveBeenCalled();
    await route({ kind: 'vkc/rpc', method: 'crash' }, ownPage);
    expect(errorLog).toHaveBeenCalledWith('[vkc] unexpected error in', 'crash', 'TypeError');
    const throwsText = createRouter(
      {
        odd: method(async () => {
          throw 'a bare string with VENICE_ADMIN_KEY_xyz';
        }),
      },
      opts,
    );
    expect(await throwsText({ kind: 'vkc/rpc', method: 'odd' }, ownPage)).toMatchObject({
      ok: false,
      error: { code: 'extension.internal' },
    });
    expect(errorLog).toHaveBeenLastCalledWith('[vkc] unexpected error in', 'odd', 'string');
  });

  it('refuses a missing sender', async () => {
    expect(isTrustedSender(undefined as unknown as SenderInfo, opts)).toBe(false);
  });
});
