/**
 * `mint.report` through the real router: the window may report only the flow's own report
 * events (MINT_REPORT_TYPES), each with its fields; anything else is refused with a message
 * that says what is wrong, and the flow is left as it was.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createRouter } from '@/lib/messaging/router';
import { mintApi } from '@/lib/wallet/api';
import { MINT_REPORT_TYPES } from '@/lib/wallet/flow';
import { readFlow } from '@/lib/wallet/store';

const opts = {
  extensionId: fakeBrowser.runtime.id,
  extensionOrigin: fakeBrowser.runtime.getURL('/'),
};
const windowSender = { id: opts.extensionId, url: fakeBrowser.runtime.getURL('/wallet.html') };
const route = createRouter(mintApi, opts);
const report = (input: unknown) => route({ kind: 'vkc/rpc', method: 'mint.report', input }, windowSender);
const ADDRESS = '0x1111111111111111111111111111111111111111';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('mint.report', () => {
  it('applies a report the flow accepts', async () => {
    await route({ kind: 'vkc/rpc', method: 'mint.begin', input: { transport: 'metamask' } }, windowSender);
    const wallet = { uuid: 'metamask', name: 'MetaMask', rdns: 'io.metamask', icon: '' };
    const answer = await report({ type: 'connected', address: ADDRESS, wallet });
    expect(answer).toMatchObject({ ok: true, value: { step: 'connected', address: ADDRESS, wallet } });
    expect((await readFlow()).step).toBe('connected');
  });

  it('refuses an event the window may not report (the background’s own), naming the ones it may', async () => {
    await route({ kind: 'vkc/rpc', method: 'mint.begin', input: { transport: 'metamask' } }, windowSender);
    const before = await readFlow();
    for (const type of ['tokenReceived', 'minted', 'requestReplied', 'begin', 'retry']) {
      const answer = await report({ type, token: { value: 'x', receivedAt: 1, expiresAt: 2 } });
      expect(answer).toEqual({
        ok: false,
        error: {
          code: 'messaging.invalid_input',
          message: `Not a mint report: the type must be one of ${MINT_REPORT_TYPES.join(', ')}. (type)`,
        },
      });
    }
    expect(await readFlow()).toEqual(before);
  });

  it('refuses a report with a bad field, naming the field', async () => {
    await route({ kind: 'vkc/rpc', method: 'mint.begin', input: { transport: 'metamask' } }, windowSender);
    const before = await readFlow();
    const wallet = { uuid: 'metamask', name: 'MetaMask', rdns: 'io.metamask', icon: '' };
    expect(await report({ type: 'connected', address: '0x12', wallet })).toEqual({
      ok: false,
      error: { code: 'messaging.invalid_input', message: 'Not an address (address)' },
    });
    expect(
      await report({ type: 'fail', code: 'made_up', message: 'The wallet broke.', retryable: true }),
    ).toMatchObject({
      ok: false,
      error: { code: 'messaging.invalid_input', message: expect.stringMatching(/\(code\)$/) },
    });
    expect(await report({ type: 'fail', code: 'mint.internal', message: '', retryable: true })).toMatchObject(
      {
        ok: false,
        error: { code: 'messaging.invalid_input', message: expect.stringMatching(/\(message\)$/) },
      },
    );
    expect(await report(undefined)).toMatchObject({ ok: false, error: { code: 'messaging.invalid_input' } });
    expect(await readFlow()).toEqual(before);
  });

  it('a report that does not fit the step is refused by the flow, with the step named', async () => {
    const answer = await report({ type: 'preflightDone', stake: { kind: 'staked', amount: '5' } });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'mint.wrong_step', message: expect.stringContaining('Not started') },
    });
    expect((await readFlow()).step).toBe('idle');
  });
});
