import { describe, expect, it } from 'vitest';
import { type Address, idleFlow, type MintFlow } from '@/lib/wallet/flow';
import {
  checkRelayReply,
  isValidResult,
  parseRelayMessage,
  RELAY_KIND,
  type RelaySender,
} from '@/lib/wallet/relay';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ADDRESS: Address = '0x1111111111111111111111111111111111111111';
const REQUEST_ID = '3f1b2c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d';
const SIGNATURE = `0x${'ab'.repeat(65)}`;
const SITE = 'https://venice.ai';
const SENDER = { id: EXTENSION_ID, tab: { id: 7 }, frameId: 0, origin: SITE, documentId: 'DOC1' };
const checkAt = (...args: [unknown, RelaySender, string, MintFlow]) => checkRelayReply(...args, SITE);

function signingFlow(overrides: Partial<MintFlow> = {}): MintFlow {
  return {
    ...idleFlow(0, 'f1'),
    step: 'signing',
    transport: 'injected',
    tabId: 7,
    documentId: 'DOC1',
    address: ADDRESS,
    token: { value: 't', receivedAt: 0, expiresAt: 900_000 },
    request: { requestId: REQUEST_ID, method: 'personal_sign', tabId: 7, startedAt: 0, reply: null },
    ...overrides,
  };
}

const message = (reply: unknown, requestId = REQUEST_ID) => ({ kind: RELAY_KIND, requestId, reply });

describe('relayed wallet answers', () => {
  it('accepts the pending request’s answer from our relay in its tab', () => {
    expect(checkAt(message({ ok: true, result: SIGNATURE }), SENDER, EXTENSION_ID, signingFlow())).toEqual({
      ok: true,
      requestId: REQUEST_ID,
      reply: { ok: true, result: SIGNATURE },
    });
  });

  it('accepts a wallet’s refusal, keeping only a short code and message', () => {
    const check = checkAt(
      message({ ok: false, error: { code: 4001, message: 'User rejected'.padEnd(500, '!'), stack: 'x' } }),
      SENDER,
      EXTENSION_ID,
      signingFlow(),
    );
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.reply).toEqual({
      ok: false,
      error: { code: 4001, message: 'User rejected'.padEnd(300, '!') },
    });
  });

  it('refuses a forged request id', () => {
    const check = checkAt(
      message({ ok: true, result: SIGNATURE }, '00000000-0000-4000-8000-000000000000'),
      SENDER,
      EXTENSION_ID,
      signingFlow(),
    );
    expect(check).toEqual({ ok: false, reason: 'unknown request id' });
  });

  it('refuses an answer from another tab (a page posting from elsewhere)', () => {
    expect(
      checkAt(
        message({ ok: true, result: SIGNATURE }),
        { id: EXTENSION_ID, tab: { id: 8 } },
        EXTENSION_ID,
        signingFlow(),
      ),
    ).toEqual({ ok: false, reason: 'wrong tab' });
    expect(
      checkAt(message({ ok: true, result: SIGNATURE }), { id: EXTENSION_ID }, EXTENSION_ID, signingFlow()),
    ).toEqual({
      ok: false,
      reason: 'wrong tab',
    });
  });

  it('refuses another extension', () => {
    expect(
      checkAt(
        message({ ok: true, result: SIGNATURE }),
        { id: 'x'.repeat(32), tab: { id: 7 } },
        EXTENSION_ID,
        signingFlow(),
      ),
    ).toEqual({ ok: false, reason: 'not sent by this extension’s relay' });
  });

  it('refuses something that is not a signature', () => {
    for (const result of [
      '0x1234',
      `0x${'zz'.repeat(65)}`,
      `${'ab'.repeat(65)}`,
      `0x${'a'.repeat(131)}`,
      42,
      { r: 1 },
    ]) {
      expect(checkAt(message({ ok: true, result }), SENDER, EXTENSION_ID, signingFlow()).ok).toBe(false);
    }
  });

  it('refuses a second answer, and answers when nothing is pending', () => {
    const answered = signingFlow({
      request: {
        requestId: REQUEST_ID,
        method: 'personal_sign',
        tabId: 7,
        startedAt: 0,
        reply: { ok: true, result: SIGNATURE as `0x${string}` },
      },
    });
    expect(checkAt(message({ ok: true, result: SIGNATURE }), SENDER, EXTENSION_ID, answered)).toEqual({
      ok: false,
      reason: 'request already answered',
    });
    expect(
      checkAt(message({ ok: true, result: SIGNATURE }), SENDER, EXTENSION_ID, signingFlow({ request: null })),
    ).toEqual({
      ok: false,
      reason: 'no request is pending',
    });
    expect(
      checkAt(
        message({ ok: true, result: SIGNATURE }),
        SENDER,
        EXTENSION_ID,
        signingFlow({ step: 'failed' }),
      ),
    ).toEqual({ ok: false, reason: 'the flow has moved on' });
  });

  it('expects accounts for a connect request', () => {
    const connecting = signingFlow({
      step: 'connecting',
      request: { requestId: REQUEST_ID, method: 'eth_requestAccounts', tabId: 7, startedAt: 0, reply: null },
    });
    expect(checkAt(message({ ok: true, result: [ADDRESS] }), SENDER, EXTENSION_ID, connecting).ok).toBe(true);
    expect(checkAt(message({ ok: true, result: SIGNATURE }), SENDER, EXTENSION_ID, connecting).ok).toBe(
      false,
    );
    expect(
      checkAt(message({ ok: true, result: ['not-an-address'] }), SENDER, EXTENSION_ID, connecting).ok,
    ).toBe(false);
  });

  it('ignores messages that are not relay messages at all', () => {
    for (const m of [
      null,
      'x',
      42,
      { kind: 'vkc/rpc' },
      { kind: RELAY_KIND },
      { kind: RELAY_KIND, requestId: 'short', reply: {} },
    ]) {
      expect(parseRelayMessage(m)).toBeNull();
      expect(checkAt(m, SENDER, EXTENSION_ID, signingFlow())).toEqual({
        ok: false,
        reason: 'not a relay message',
      });
    }
  });

  it('knows each method’s result shape', () => {
    expect(isValidResult('personal_sign', SIGNATURE)).toBe(true);
    expect(isValidResult('personal_sign', `0x${'ab'.repeat(200)}`)).toBe(true); // smart-account signatures are longer
    expect(isValidResult('personal_sign', `0x${'ab'.repeat(64)}`)).toBe(false);
    expect(isValidResult('eth_requestAccounts', [ADDRESS])).toBe(true);
    expect(isValidResult('eth_requestAccounts', 'x')).toBe(false);
  });
});

describe('where a relayed answer may come from', () => {
  const answer = message({ ok: true, result: SIGNATURE });

  it('only the tab’s top frame', () => {
    expect(checkAt(answer, { ...SENDER, frameId: 3 }, EXTENSION_ID, signingFlow())).toEqual({
      ok: false,
      reason: 'not the top frame',
    });
    expect(checkAt(answer, { ...SENDER, frameId: undefined }, EXTENSION_ID, signingFlow())).toEqual({
      ok: false,
      reason: 'not the top frame',
    });
  });

  it('only the configured Venice site', () => {
    for (const origin of ['https://evil.example', 'http://venice.ai', 'https://venice.ai.evil.example'])
      expect(checkAt(answer, { ...SENDER, origin }, EXTENSION_ID, signingFlow())).toEqual({
        ok: false,
        reason: 'not the Venice site',
      });
  });

  it('only the document the wallets were found in (a navigated tab is another document)', () => {
    expect(checkAt(answer, { ...SENDER, documentId: 'DOC2' }, EXTENSION_ID, signingFlow())).toEqual({
      ok: false,
      reason: 'another document in the tab',
    });
    // A browser without document ids (Firefox) still gets the tab, frame and origin checks.
    expect(checkAt(answer, { ...SENDER, documentId: undefined }, EXTENSION_ID, signingFlow()).ok).toBe(true);
  });
});
