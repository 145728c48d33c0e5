/**
 * The mint flow's edges one step either side (lib/wallet/flow.ts): which events each step
 * refuses, what a new mint keeps from the last one, where a retry resumes for each kind of
 * failure, and what a stopped worker leaves. flow.test.ts walks the main paths.
 */
import { describe, expect, it } from 'vitest';
import {
  type Address,
  hasStake,
  idleFlow,
  interruptedFlow,
  isActive,
  type MintEvent,
  type MintFailureCode,
  type MintFlow,
  MintStepError,
  STEP_LABELS,
  transition,
} from '@/lib/wallet/flow';

const T0 = 1_750_000_000_000;
const ADDRESS: Address = '0x1111111111111111111111111111111111111111';
const WALLET = { uuid: 'u-1', name: 'Test Wallet', rdns: 'org.example', icon: '' };
const SETTINGS = { apiKeyType: 'INFERENCE' as const, description: 'k' };
const TOKEN = { value: 'a.b.c', receivedAt: T0, expiresAt: T0 + 15 * 60_000 };
const SIGN_ID = 'r-sign-00000000001';

function run(events: MintEvent[], from: MintFlow = idleFlow(T0)): MintFlow {
  return events.reduce((flow, event, i) => transition(flow, event, T0 + i + 1), from);
}

const begin = (transport: 'injected' | 'metamask'): MintEvent => ({ type: 'begin', flowId: 'f1', transport });
const metamaskConnected: MintEvent[] = [
  begin('metamask'),
  { type: 'connected', address: ADDRESS, wallet: WALLET },
];
const staked: MintEvent[] = [
  ...metamaskConnected,
  { type: 'preflightStarted' },
  { type: 'preflightDone', stake: { kind: 'staked', amount: '5' } },
];
const signing: MintEvent[] = [
  ...staked,
  { type: 'tokenRequested', settings: SETTINGS },
  { type: 'tokenReceived', token: TOKEN },
  {
    type: 'requestStarted',
    request: { requestId: SIGN_ID, method: 'personal_sign', tabId: null, startedAt: T0 },
  },
];
const attempt = { attemptId: 'a1', startedAt: T0, workerInstance: 'worker-A' };
const minting: MintEvent[] = [...signing, { type: 'mintStarted', attempt }];

function refused(flow: MintFlow, event: MintEvent): MintStepError {
  try {
    transition(flow, event, T0 + 99);
  } catch (err) {
    expect(err).toBeInstanceOf(MintStepError);
    return err as MintStepError;
  }
  throw new Error(`${event.type} was accepted at ${flow.step}`);
}

describe('small rules', () => {
  it('a stake is more than zero wei, written in digits only', () => {
    expect(hasStake('1')).toBe(true);
    expect(hasStake('100')).toBe(true);
    expect(hasStake('0001')).toBe(true);
    expect(hasStake('0')).toBe(false);
    expect(hasStake('000')).toBe(false);
    expect(hasStake('')).toBe(false);
    expect(hasStake('-1')).toBe(false);
    expect(hasStake('1e18')).toBe(false);
    expect(hasStake(' 1')).toBe(false);
  });

  it('a flow is running between idle and its end', () => {
    expect(['idle', 'done', 'failed'].map((s) => isActive(s as MintFlow['step']))).toEqual([
      false,
      false,
      false,
    ]);
    expect(
      (['connecting', 'connected', 'preflight', 'token', 'signing', 'minting'] as const).every(isActive),
    ).toBe(true);
  });

  it('a refusal names the step in words and the event, and is its own error code', () => {
    const err = refused(idleFlow(T0), { type: 'preflightStarted' });
    expect(err.code).toBe('mint.wrong_step');
    expect(err.message).toContain(`“${STEP_LABELS.idle}”`);
    expect(err.message).toContain('“preflightStarted”');
  });

  it('an idle flow holds nothing', () => {
    // Stated, not copied field by field: a field added later must start empty too.
    const { flowId, step, wallets, updatedAt, ...held } = idleFlow(T0, 'f9');
    expect({ flowId, step, wallets, updatedAt }).toEqual({
      flowId: 'f9',
      step: 'idle',
      wallets: [],
      updatedAt: T0,
    });
    expect(Object.keys(held).length).toBeGreaterThan(0);
    expect(Object.entries(held).filter(([, value]) => value !== null)).toEqual([]);
  });
});

describe('starting again', () => {
  const used = run([
    begin('injected'),
    { type: 'walletsFound', tabId: 7, documentId: 'DOC1', wallets: [WALLET] },
    {
      type: 'requestStarted',
      request: { requestId: 'r-connect-00000001', method: 'eth_requestAccounts', tabId: 7, startedAt: T0 },
    },
    { type: 'requestReplied', requestId: 'r-connect-00000001', reply: { ok: true, result: [ADDRESS] } },
    { type: 'connected', address: ADDRESS, wallet: WALLET },
    { type: 'preflightStarted' },
    { type: 'preflightDone', stake: { kind: 'staked', amount: '5' } },
    { type: 'tokenRequested', settings: SETTINGS },
  ]);

  it('a site-wallet mint keeps the Venice tab and its document; a MetaMask mint drops them', () => {
    const injected = transition(used, begin('injected'), T0 + 50);
    expect(injected).toMatchObject({ step: 'connecting', tabId: 7, documentId: 'DOC1', settings: SETTINGS });
    expect(injected).toMatchObject({ address: null, wallet: null, wallets: [], token: null, flowId: 'f1' });
    const metamask = transition(used, begin('metamask'), T0 + 50);
    expect(metamask).toMatchObject({ step: 'connecting', tabId: null, documentId: null, settings: SETTINGS });
    expect(metamask.updatedAt).toBe(T0 + 50);
  });

  it('a reset keeps the tab, its document and the settings, and nothing else', () => {
    expect(transition(used, { type: 'reset' }, T0 + 60)).toEqual({
      ...idleFlow(T0 + 60),
      tabId: 7,
      documentId: 'DOC1',
      settings: SETTINGS,
    });
  });

  it('neither a new mint nor a reset while the POST runs', () => {
    const flow = run(minting);
    refused(flow, begin('metamask'));
    refused(flow, { type: 'reset' });
    expect(transition(flow, { type: 'accountsChanged', accounts: [] }, T0)).toBe(flow);
  });
});

describe('each event only at its step', () => {
  it('wallets are found only for a site-wallet mint that is connecting', () => {
    refused(run([begin('metamask')]), { type: 'walletsFound', tabId: 1, documentId: null, wallets: [] });
    refused(run(staked), { type: 'walletsFound', tabId: 1, documentId: null, wallets: [] });
  });

  it('a connect request only while connecting; a signature request only with a token and an address', () => {
    const connect = {
      type: 'requestStarted',
      request: { requestId: 'r-c-000000000000001', method: 'eth_requestAccounts', tabId: 1, startedAt: T0 },
    } as const;
    refused(run(staked), connect);
    expect(transition(run([begin('metamask')]), connect, T0).step).toBe('connecting');
    const sign = {
      type: 'requestStarted',
      request: { requestId: SIGN_ID, method: 'personal_sign', tabId: null, startedAt: T0 },
    } as const;
    refused(run([...staked, { type: 'tokenRequested', settings: SETTINGS }]), sign);
    refused(run(staked), sign);
  });

  it('an answer only to the pending request, and only once', () => {
    const flow = run(signing);
    refused(run(staked), { type: 'requestReplied', requestId: SIGN_ID, reply: { ok: true, result: '0x1' } });
    refused(flow, {
      type: 'requestReplied',
      requestId: 'r-other-0000000001',
      reply: { ok: true, result: '0x1' },
    });
    const answered = transition(
      flow,
      { type: 'requestReplied', requestId: SIGN_ID, reply: { ok: true, result: '0x1' } },
      T0,
    );
    expect(answered.request?.reply).toEqual({ ok: true, result: '0x1' });
    refused(answered, { type: 'requestReplied', requestId: SIGN_ID, reply: { ok: true, result: '0x2' } });
  });

  it('connected only from connecting, and the connect request is done with', () => {
    refused(run(staked), { type: 'connected', address: ADDRESS, wallet: WALLET });
    expect(run(metamaskConnected)).toMatchObject({ step: 'connected', address: ADDRESS, request: null });
  });

  it('the stake check starts after connecting or again during it, never later', () => {
    const again = transition(run(staked), { type: 'preflightStarted' }, T0);
    expect(again).toMatchObject({ step: 'preflight', stake: null });
    refused(run(signing), { type: 'preflightStarted' });
    refused(run(metamaskConnected), { type: 'preflightDone', stake: { kind: 'staked', amount: '1' } });
  });

  it('skipping the stake check needs an unreadable stake and a connected address', () => {
    const started = run([...metamaskConnected, { type: 'preflightStarted' }]);
    expect(transition(started, { type: 'preflightSkipped', warning: 'w' }, T0)).toMatchObject({
      step: 'preflight',
      stake: { kind: 'skipped', warning: 'w' },
      failure: null,
    });
    refused(run(staked), { type: 'preflightSkipped', warning: 'w' });
    const rpcDown = transition(
      started,
      { type: 'fail', code: 'mint.rpc_down', message: 'down', retryable: true },
      T0,
    );
    expect(transition(rpcDown, { type: 'preflightSkipped', warning: 'w' }, T0).step).toBe('preflight');
    const otherFailure = transition(
      started,
      { type: 'fail', code: 'mint.network', message: 'x', retryable: true },
      T0,
    );
    refused(otherFailure, { type: 'preflightSkipped', warning: 'w' });
    refused({ ...started, address: null }, { type: 'preflightSkipped', warning: 'w' });
  });

  it('a token is asked for after the stake check, or again while signing; never before', () => {
    refused(run([...metamaskConnected, { type: 'preflightStarted' }]), {
      type: 'tokenRequested',
      settings: SETTINGS,
    });
    const fresh = transition(run(signing), { type: 'tokenRequested', settings: SETTINGS }, T0);
    expect(fresh).toMatchObject({ step: 'token', token: null, request: null, settings: SETTINGS });
    expect(transition(fresh, { type: 'tokenRequested', settings: SETTINGS }, T0).step).toBe('token');
    refused({ ...run(staked), address: null }, { type: 'tokenRequested', settings: SETTINGS });
    refused(run(staked), { type: 'tokenReceived', token: TOKEN });
  });

  it('the POST starts only from signing with a token and a request', () => {
    expect(run(minting)).toMatchObject({ step: 'minting', attempt });
    refused(run(staked), { type: 'mintStarted', attempt });
    refused({ ...run(signing), token: null }, { type: 'mintStarted', attempt });
    refused({ ...run(signing), request: null }, { type: 'mintStarted', attempt });
    refused(run(signing), { type: 'minted', result: {} as never });
  });

  it('limits are read back only for a minted key', () => {
    refused(run(minting), { type: 'limitsRead', limits: { usd: 1, diem: null } });
    refused(
      { ...run(minting), step: 'done', result: null },
      { type: 'limitsRead', limits: { usd: 1, diem: null } },
    );
  });

  it('nothing fails before a mint began', () => {
    refused(idleFlow(T0), { type: 'fail', code: 'mint.network', message: 'x', retryable: true });
  });

  it('a failure keeps the wallet’s own words only when there are some', () => {
    const flow = run(signing);
    const withWords = transition(
      flow,
      {
        type: 'fail',
        code: 'mint.sign_rejected',
        message: 'm',
        retryable: true,
        walletWords: 'User said no',
      },
      T0,
    );
    expect(withWords.failure).toEqual({
      code: 'mint.sign_rejected',
      message: 'm',
      retryable: true,
      at: 'signing',
      walletWords: 'User said no',
    });
    const without = transition(
      flow,
      { type: 'fail', code: 'mint.sign_rejected', message: 'm', retryable: false, walletWords: '' },
      T0,
    );
    expect(without.failure).toEqual({
      code: 'mint.sign_rejected',
      message: 'm',
      retryable: false,
      at: 'signing',
    });
  });
});

describe('an account switch', () => {
  it('matters from connected to signing: an empty account list (a locked wallet) is a switch too', () => {
    for (const events of [metamaskConnected, staked, signing]) {
      const failed = transition(run(events), { type: 'accountsChanged', accounts: [] }, T0);
      expect(failed.failure).toMatchObject({
        code: 'mint.account_switched',
        retryable: true,
        at: run(events).step,
      });
    }
    const token = run([...staked, { type: 'tokenRequested', settings: SETTINGS }]);
    expect(transition(token, { type: 'accountsChanged', accounts: [] }, T0).step).toBe('failed');
  });

  it('is ignored before connecting, and for the same address in other letters', () => {
    const connecting = run([begin('metamask')]);
    expect(transition(connecting, { type: 'accountsChanged', accounts: [] }, T0)).toBe(connecting);
    const flow = run(signing);
    expect(
      transition(
        flow,
        { type: 'accountsChanged', accounts: [ADDRESS.toUpperCase().replace('0X', '0x')] },
        T0,
      ),
    ).toBe(flow);
    expect(transition({ ...flow, address: null }, { type: 'accountsChanged', accounts: [] }, T0).step).toBe(
      'signing',
    );
  });
});

describe('where a retry resumes', () => {
  const failAt = (events: MintEvent[], code: MintFailureCode, retryable = true) =>
    transition(run(events), { type: 'fail', code, message: 'm', retryable }, T0 + 500);

  it.each([
    'mint.no_wallet',
    'mint.metamask_missing',
    'mint.wallet_unavailable',
    'mint.site_unavailable',
    'mint.connect_rejected',
    'mint.account_switched',
  ] as const)('%s, even after connecting: connecting again, the address and stake forgotten', (code) => {
    const next = transition(failAt(signing, code), { type: 'retry' }, T0 + 600);
    expect(next).toMatchObject({
      step: 'connecting',
      address: null,
      wallet: null,
      stake: null,
      token: null,
      request: null,
      attempt: null,
      failure: null,
    });
  });

  it.each(['mint.no_stake', 'mint.rpc_down'] as const)('%s: the stake check again', (code) => {
    const next = transition(failAt(signing, code), { type: 'retry' }, T0 + 600);
    expect(next).toMatchObject({
      step: 'connected',
      address: ADDRESS,
      stake: null,
      token: null,
      failure: null,
    });
  });

  it('any failure before the stake was known: the stake check again', () => {
    const next = transition(failAt(metamaskConnected, 'mint.network'), { type: 'retry' }, T0 + 600);
    expect(next).toMatchObject({ step: 'connected', address: ADDRESS });
  });

  it('any failure before an address was known: connecting again', () => {
    const next = transition(failAt([begin('metamask')], 'mint.network'), { type: 'retry' }, T0 + 600);
    expect(next.step).toBe('connecting');
  });

  it.each([
    'mint.token_refused',
    'mint.sign_rejected',
    'mint.signature_mismatch',
    'mint.network',
    'mint.token_expired',
  ] as const)('%s after the stake check: the key settings, the stake kept, the token spent', (code) => {
    const next = transition(failAt(signing, code), { type: 'retry' }, T0 + 600);
    expect(next).toMatchObject({
      step: 'preflight',
      address: ADDRESS,
      stake: { kind: 'staked', amount: '5' },
      token: null,
      request: null,
      failure: null,
    });
  });

  it('only a retryable failure can be retried, and only a failed flow', () => {
    refused(failAt(signing, 'mint.internal', false), { type: 'retry' });
    refused(run(signing), { type: 'retry' });
  });
});

describe('a stopped worker', () => {
  it('is not reported by the worker that is still running the POST, nor without an attempt', () => {
    const flow = run(minting);
    expect(interruptedFlow(flow, 'worker-A', T0)).toBeNull();
    expect(interruptedFlow({ ...flow, attempt: null }, 'worker-B', T0)).toBeNull();
    expect(interruptedFlow(run(signing), 'worker-B', T0)).toBeNull();
    expect(interruptedFlow(flow, 'worker-B', T0 + 7)).toMatchObject({
      step: 'failed',
      updatedAt: T0 + 7,
      failure: { code: 'mint.interrupted', retryable: true, at: 'minting' },
    });
  });
});
