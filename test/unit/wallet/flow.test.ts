import { describe, expect, it } from 'vitest';
import {
  type Address,
  idleFlow,
  interruptedFlow,
  type MintEvent,
  type MintFlow,
  MintStepError,
  NO_STAKE_MESSAGE,
  transition,
} from '@/lib/wallet/flow';

const T0 = 1_750_000_000_000;
const ADDRESS: Address = '0x1111111111111111111111111111111111111111';
const OTHER: Address = '0x2222222222222222222222222222222222222222';
const WALLET = { uuid: 'u-1', name: 'Test Wallet', rdns: 'org.example', icon: '' };
const SETTINGS = { apiKeyType: 'INFERENCE' as const, description: 'k' };
const TOKEN = { value: 'a.b.c', receivedAt: T0, expiresAt: T0 + 15 * 60_000 };

function run(events: MintEvent[], from: MintFlow = idleFlow(T0)): MintFlow {
  return events.reduce((flow, event, i) => transition(flow, event, T0 + i + 1), from);
}

const toConnected: MintEvent[] = [
  { type: 'begin', flowId: 'f1', transport: 'injected' },
  { type: 'walletsFound', tabId: 7, documentId: 'DOC1', wallets: [WALLET] },
  {
    type: 'requestStarted',
    request: { requestId: 'r-connect-000000001', method: 'eth_requestAccounts', tabId: 7, startedAt: T0 },
  },
  { type: 'requestReplied', requestId: 'r-connect-000000001', reply: { ok: true, result: [ADDRESS] } },
  { type: 'connected', address: ADDRESS, wallet: WALLET },
];
const toSettings: MintEvent[] = [
  ...toConnected,
  { type: 'preflightStarted' },
  { type: 'preflightDone', stake: { kind: 'staked', amount: '1000000000000000000' } },
];
const toSigning: MintEvent[] = [
  ...toSettings,
  { type: 'tokenRequested', settings: SETTINGS },
  { type: 'tokenReceived', token: TOKEN },
  {
    type: 'requestStarted',
    request: { requestId: 'r-sign-00000000001', method: 'personal_sign', tabId: 7, startedAt: T0 },
  },
];
const attempt = { attemptId: 'a1', startedAt: T0, workerInstance: 'worker-A' };
const result = {
  veniceKeyId: 'k1',
  apiKeyType: 'INFERENCE' as const,
  label: 'k',
  last6: 'abcdef',
  entryId: 'e1',
  limits: { usd: null, diem: null },
  limitsSource: 'echo' as const,
  limitPeriod: 'EPOCH' as const,
  expiresAt: null,
  mintedAt: T0,
};

describe('the mint flow', () => {
  it('walks idle → connecting → connected → preflight → token → signing → minting → done', () => {
    const steps: string[] = [];
    let flow = idleFlow(T0);
    for (const event of [
      ...toSigning,
      { type: 'mintStarted', attempt } as MintEvent,
      { type: 'minted', result } as MintEvent,
    ]) {
      flow = transition(flow, event, T0);
      if (steps.at(-1) !== flow.step) steps.push(flow.step);
    }
    expect(steps).toEqual(['connecting', 'connected', 'preflight', 'token', 'signing', 'minting', 'done']);
    expect(flow.result).toEqual(result);
    // Spent: the token and the signature request are dropped once the key exists.
    expect(flow.token).toBeNull();
    expect(flow.request).toBeNull();
  });

  it('keeps the settings and the Venice tab for the next mint, nothing else', () => {
    const done = run([...toSigning, { type: 'mintStarted', attempt }, { type: 'minted', result }]);
    const again = transition(done, { type: 'begin', flowId: 'f2', transport: 'injected' }, T0 + 100);
    expect(again).toMatchObject({
      step: 'connecting',
      flowId: 'f2',
      tabId: 7,
      settings: SETTINGS,
      address: null,
    });
    expect(again.result).toBeNull();
  });

  it('refuses events that do not fit the step, without changing anything', () => {
    const idle = idleFlow(T0);
    expect(() => transition(idle, { type: 'connected', address: ADDRESS, wallet: WALLET }, T0)).toThrow(
      MintStepError,
    );
    const settings = run(toSettings);
    expect(() => transition(settings, { type: 'mintStarted', attempt }, T0)).toThrow(MintStepError);
    expect(() => transition(settings, { type: 'tokenReceived', token: TOKEN }, T0)).toThrow(MintStepError);
    // Signing needs a token first.
    const fetching = run([...toSettings, { type: 'tokenRequested', settings: SETTINGS }]);
    expect(() =>
      transition(
        fetching,
        {
          type: 'requestStarted',
          request: { requestId: 'x'.repeat(20), method: 'personal_sign', tabId: 7, startedAt: T0 },
        },
        T0,
      ),
    ).toThrow(MintStepError);
  });

  it('does not start a second mint while one is posting, nor reset it', () => {
    const minting = run([...toSigning, { type: 'mintStarted', attempt }]);
    expect(() => transition(minting, { type: 'begin', flowId: 'f2', transport: 'metamask' }, T0)).toThrow(
      MintStepError,
    );
    expect(() => transition(minting, { type: 'reset' }, T0)).toThrow(MintStepError);
  });

  it('takes only the first answer to the pending request', () => {
    const signing = run(toSigning);
    const answered = transition(
      signing,
      { type: 'requestReplied', requestId: 'r-sign-00000000001', reply: { ok: true, result: '0xaa' } },
      T0,
    );
    expect(answered.request?.reply).toEqual({ ok: true, result: '0xaa' });
    expect(() =>
      transition(
        answered,
        { type: 'requestReplied', requestId: 'r-sign-00000000001', reply: { ok: true, result: '0xbb' } },
        T0,
      ),
    ).toThrow(MintStepError);
    expect(() =>
      transition(
        signing,
        { type: 'requestReplied', requestId: 'r-other-0000000001', reply: { ok: true, result: '0xbb' } },
        T0,
      ),
    ).toThrow(MintStepError);
  });

  it('stops with no_stake before any token when the wallet stakes nothing', () => {
    const flow = run([
      ...toConnected,
      { type: 'preflightStarted' },
      { type: 'preflightDone', stake: { kind: 'staked', amount: '0' } },
    ]);
    expect(flow.step).toBe('failed');
    expect(flow.failure).toEqual({
      code: 'mint.no_stake',
      message: NO_STAKE_MESSAGE,
      retryable: true,
      at: 'preflight',
    });
    expect(flow.token).toBeNull();
    expect(() => transition(flow, { type: 'tokenRequested', settings: SETTINGS }, T0)).toThrow(MintStepError);
  });

  it('skips the stake check only when the RPC could not be read', () => {
    const rpcDown = run([
      ...toConnected,
      { type: 'preflightStarted' },
      { type: 'fail', code: 'mint.rpc_down', message: 'down', retryable: true },
    ]);
    const skipped = transition(rpcDown, { type: 'preflightSkipped', warning: 'skipped!' }, T0);
    expect(skipped).toMatchObject({
      step: 'preflight',
      stake: { kind: 'skipped', warning: 'skipped!' },
      failure: null,
    });
    const noStake = run([
      ...toConnected,
      { type: 'preflightStarted' },
      { type: 'preflightDone', stake: { kind: 'staked', amount: '0' } },
    ]);
    expect(() => transition(noStake, { type: 'preflightSkipped', warning: 'w' }, T0)).toThrow(MintStepError);
    expect(() => transition(run(toSettings), { type: 'preflightSkipped', warning: 'w' }, T0)).toThrow(
      MintStepError,
    );
  });

  it('fails with account_switched when the wallet changes account mid-flow, and ignores the same account', () => {
    const settings = run(toSettings);
    expect(
      transition(
        settings,
        { type: 'accountsChanged', accounts: [ADDRESS.toUpperCase().replace('0X', '0x')] },
        T0,
      ),
    ).toBe(settings);
    const switched = transition(settings, { type: 'accountsChanged', accounts: [OTHER] }, T0);
    expect(switched.step).toBe('failed');
    expect(switched.failure).toMatchObject({
      code: 'mint.account_switched',
      retryable: true,
      at: 'preflight',
    });
    const locked = transition(run(toSigning), { type: 'accountsChanged', accounts: [] }, T0);
    expect(locked.failure?.code).toBe('mint.account_switched');
    // Before connecting (MetaMask announces accounts on connect) it means nothing.
    const connecting = run(toConnected.slice(0, 2));
    expect(transition(connecting, { type: 'accountsChanged', accounts: [OTHER] }, T0)).toBe(connecting);
  });

  describe('every failure and its way forward', () => {
    const cases: [string, MintEvent[], MintEvent & { type: 'fail' }, string, Partial<MintFlow>][] = [
      [
        'no wallet found',
        toConnected.slice(0, 1),
        { type: 'fail', code: 'mint.no_wallet', message: 'm', retryable: true },
        'connecting',
        {},
      ],
      [
        'MetaMask missing',
        [{ type: 'begin', flowId: 'f', transport: 'metamask' }],
        { type: 'fail', code: 'mint.metamask_missing', message: 'm', retryable: true },
        'connecting',
        {},
      ],
      [
        'connect rejected',
        toConnected.slice(0, 3),
        { type: 'fail', code: 'mint.connect_rejected', message: 'm', retryable: true },
        'connecting',
        { request: null },
      ],
      [
        'site unavailable',
        toConnected.slice(0, 2),
        { type: 'fail', code: 'mint.site_unavailable', message: 'm', retryable: true },
        'connecting',
        {},
      ],
      [
        'RPC down',
        [...toConnected, { type: 'preflightStarted' }],
        { type: 'fail', code: 'mint.rpc_down', message: 'm', retryable: true },
        'connected',
        { stake: null },
      ],
      [
        'sign rejected',
        toSigning,
        { type: 'fail', code: 'mint.sign_rejected', message: 'm', retryable: true },
        'preflight',
        { token: null, request: null, settings: SETTINGS },
      ],
      [
        'signature mismatch',
        toSigning,
        { type: 'fail', code: 'mint.signature_mismatch', message: 'm', retryable: true },
        'preflight',
        { token: null },
      ],
      [
        'token expired',
        toSigning,
        { type: 'fail', code: 'mint.token_expired', message: 'm', retryable: true },
        'preflight',
        { token: null },
      ],
      [
        'Venice 400',
        [...toSigning, { type: 'mintStarted', attempt }],
        { type: 'fail', code: 'mint.venice_rejected', message: 'm', retryable: true },
        'preflight',
        { attempt: null },
      ],
      [
        'network down',
        [...toSigning, { type: 'mintStarted', attempt }],
        { type: 'fail', code: 'mint.network', message: 'm', retryable: true },
        'preflight',
        { attempt: null, token: null },
      ],
      [
        'token fetch failed',
        [...toSettings, { type: 'tokenRequested', settings: SETTINGS }],
        { type: 'fail', code: 'mint.network', message: 'm', retryable: true },
        'preflight',
        {},
      ],
      [
        'wallet gone while signing',
        toSigning,
        { type: 'fail', code: 'mint.wallet_unavailable', message: 'm', retryable: true },
        'connecting',
        { address: null },
      ],
    ];
    for (const [name, before, failure, retryTo, after] of cases) {
      it(`${name}: fails with ${failure.code}, and a retry resumes at ${retryTo}`, () => {
        const started = run(before);
        const failed = transition(started, failure, T0 + 50);
        expect(failed.step).toBe('failed');
        expect(failed.failure).toEqual({
          code: failure.code,
          message: 'm',
          retryable: true,
          at: started.step,
        });
        const retried = transition(failed, { type: 'retry' }, T0 + 60);
        expect(retried.step).toBe(retryTo);
        expect(retried.failure).toBeNull();
        expect(retried).toMatchObject(after);
        expect(retried.flowId).toBe(started.flowId);
      });
    }

    it('a failure that cannot be retried can only be reset', () => {
      const failed = transition(
        run(toSettings),
        { type: 'fail', code: 'mint.internal', message: 'm', retryable: false },
        T0,
      );
      expect(() => transition(failed, { type: 'retry' }, T0)).toThrow(MintStepError);
      expect(transition(failed, { type: 'reset' }, T0).step).toBe('idle');
    });

    it('nothing fails twice, and a finished mint does not fail', () => {
      const failed = transition(
        run(toSettings),
        { type: 'fail', code: 'mint.network', message: 'm', retryable: true },
        T0,
      );
      expect(() =>
        transition(failed, { type: 'fail', code: 'mint.internal', message: 'x', retryable: false }, T0),
      ).toThrow(MintStepError);
      const done = run([...toSigning, { type: 'mintStarted', attempt }, { type: 'minted', result }]);
      expect(() =>
        transition(done, { type: 'fail', code: 'mint.network', message: 'm', retryable: true }, T0),
      ).toThrow(MintStepError);
    });
  });

  describe('a worker stopped mid-POST', () => {
    it('is reported by the next worker as mint_interrupted, retryable', () => {
      const minting = run([...toSigning, { type: 'mintStarted', attempt }]);
      expect(interruptedFlow(minting, 'worker-A', T0)).toBeNull();
      const orphan = interruptedFlow(minting, 'worker-B', T0 + 5);
      expect(orphan?.step).toBe('failed');
      expect(orphan?.failure).toMatchObject({ code: 'mint.interrupted', retryable: true, at: 'minting' });
      expect(orphan?.failure?.message).toMatch(/revoke/);
    });

    it('leaves every other step alone', () => {
      expect(interruptedFlow(run(toSigning), 'worker-B', T0)).toBeNull();
      expect(interruptedFlow(idleFlow(T0), 'worker-B', T0)).toBeNull();
    });
  });

  it('reads the limits back only after the key exists', () => {
    const done = run([...toSigning, { type: 'mintStarted', attempt }, { type: 'minted', result }]);
    const read = transition(done, { type: 'limitsRead', limits: { usd: 0, diem: 5 } }, T0);
    expect(read.result).toMatchObject({ limits: { usd: 0, diem: 5 }, limitsSource: 'venice' });
    expect(() => transition(run(toSigning), { type: 'limitsRead', limits: { usd: 0, diem: 5 } }, T0)).toThrow(
      MintStepError,
    );
  });
});
