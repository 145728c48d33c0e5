/**
 * The mint-with-wallet flow as a pure state machine: `transition(flow, event, now)` returns
 * the next flow or throws a `MintStepError` when the event makes no sense in the current step.
 * The background persists the result (storage.session, see store.ts); the popup and the
 * wallet window only render it. No browser APIs, no zod: the UI imports the types from here.
 *
 *   idle → connecting → connected → preflight → token → signing → minting → done
 *                                  any of them → failed{code, message, retryable}
 */
import { AppError, readErrorCode } from '@/lib/errors';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import type { ApiKeyType, ConsumptionLimits, LimitPeriod, ModelPrivacy } from '@/lib/venice/types';
import { MINT_FAILURE_CODES, type MintFailureCode } from './failure-codes';

/** Where the flow lives: `chrome.storage.session`, key `mint.flow` (the window and popup watch it). */
export const MINT_FLOW_STORAGE_KEY = STORAGE_KEYS.session.mintFlow;
/**
 * The background's notice to open pages that the flow changed, carrying the new flow. Pages
 * never watch storage.session for it: that area also holds the unlocked vault's key, and
 * every change there would be handed to a page's storage.onChanged listener.
 */
export const MINT_CHANGED_KIND = 'vkc/mint-changed';

/** A page could announce thousands of "wallets": we list this many at most. */
export const MAX_WALLETS = 20;
/** A wallet icon (a data: URL) longer than this is dropped; the name is shown alone. */
export const MAX_ICON_CHARS = 32_000;
/** Page-supplied names are cut to this. */
export const MAX_WALLET_NAME = 40;

/** Every step of the flow, in order; the type and the stored flow's schema both come from this list. */
export const MINT_STEPS = [
  'idle',
  'connecting',
  'connected',
  'preflight',
  'token',
  'signing',
  'minting',
  'done',
  'failed',
] as const;
export type MintStep = (typeof MINT_STEPS)[number];

/** metamask: extension to extension (wallet window). injected: a wallet in a Venice-site tab. */
export type TransportKind = 'metamask' | 'injected';

export type Address = `0x${string}`;
export type Hex = `0x${string}`;

/** A wallet the user can pick (EIP-6963 info, or the legacy window.ethereum). */
export interface WalletInfo {
  /** EIP-6963 uuid (valid for one page load), or `legacy` for window.ethereum. */
  uuid: string;
  name: string;
  /** Reverse-DNS id (io.metamask…), '' when unknown. Stable across reloads, unlike uuid. */
  rdns: string;
  /** data: URI, '' when unknown. */
  icon: string;
}

export type StakeResult =
  /** Staked sVVV in wei, as a decimal string (bigints do not survive storage). */
  | { kind: 'staked'; amount: string }
  /** The user chose to go on without the check (the RPC could not be read). */
  | { kind: 'skipped'; warning: string };

export interface MintToken {
  value: string;
  /** Local clock, ms. */
  receivedAt: number;
  /** Local clock, ms: receivedAt + the token's lifetime. */
  expiresAt: number;
}

export type WalletMethod = 'eth_requestAccounts' | 'personal_sign';

export type WalletReply =
  | { ok: true; result: string[] | Hex }
  | { ok: false; error: { code: number | string; message: string } };

/** One request to the wallet that is waiting for its answer. */
export interface WalletRequest {
  requestId: string;
  method: WalletMethod;
  /** injected: the Venice-site tab the request runs in; metamask: null. */
  tabId: number | null;
  startedAt: number;
  /** Set once the answer arrived (injected: through the relay). */
  reply: WalletReply | null;
}

/** What the new key should be (a POST generate_web3_key body without the wallet parts). */
export interface MintKeySettings {
  apiKeyType: ApiKeyType;
  /** Omitted: Venice names it "Web3 API Key". */
  description?: string;
  expiresAt?: string;
  consumptionLimit?: Partial<ConsumptionLimits>;
  limitPeriod?: LimitPeriod;
  modelPrivacy?: ModelPrivacy;
}

export interface MintResult {
  veniceKeyId: string;
  apiKeyType: ApiKeyType;
  label: string;
  last6: string;
  /** The vault entry, or null when it could not be saved (the window then shows the secret once). */
  entryId: string | null;
  /** 'venice': read back with GET /api_keys/{id}; 'echo': the mint response's (unreliable) echo. */
  limits: ConsumptionLimits;
  limitsSource: 'venice' | 'echo';
  limitPeriod: LimitPeriod | null;
  expiresAt: string | null;
  mintedAt: number;
}

export { MINT_FAILURE_CODES, type MintFailureCode };

/**
 * A failure code as stored by any version: before codes were namespaced they read `no_stake`,
 * `mint_interrupted`, `internal`… A code that is not a mint failure reads as `mint.internal`.
 */
export function readMintFailureCode(raw: unknown): MintFailureCode {
  const code = raw === 'internal' ? 'mint.internal' : readErrorCode(raw);
  return (MINT_FAILURE_CODES as readonly string[]).includes(code)
    ? (code as MintFailureCode)
    : 'mint.internal';
}

export interface MintFailure {
  code: MintFailureCode;
  /** Written for a person; says what happened and what to do. */
  message: string;
  retryable: boolean;
  /** The step the flow was in when it failed. */
  at: MintStep;
  /** The wallet's own error text, shown apart as its words (see failures.ts). */
  walletWords?: string;
}

export interface MintAttempt {
  attemptId: string;
  startedAt: number;
  /** Which service-worker instance is posting; another instance finding it means the poster died. */
  workerInstance: string;
}

export interface MintFlow {
  flowId: string;
  step: MintStep;
  transport: TransportKind | null;
  /** injected: the Venice-site tab in use. */
  tabId: number | null;
  /**
   * injected: the document in that tab the wallets were found in (Chrome's documentId); every
   * later script runs in it and only its relay is believed. null where the browser has none;
   * absent in flows stored before it existed.
   */
  documentId?: string | null;
  /** injected: what discovery found in that tab. */
  wallets: WalletInfo[];
  wallet: WalletInfo | null;
  address: Address | null;
  stake: StakeResult | null;
  settings: MintKeySettings | null;
  token: MintToken | null;
  request: WalletRequest | null;
  attempt: MintAttempt | null;
  result: MintResult | null;
  failure: MintFailure | null;
  updatedAt: number;
}

export type MintEvent =
  | { type: 'begin'; flowId: string; transport: TransportKind }
  | { type: 'walletsFound'; tabId: number; documentId: string | null; wallets: WalletInfo[] }
  | { type: 'requestStarted'; request: Omit<WalletRequest, 'reply'> }
  | { type: 'requestReplied'; requestId: string; reply: WalletReply }
  | { type: 'connected'; address: Address; wallet: WalletInfo }
  | { type: 'preflightStarted' }
  | { type: 'preflightDone'; stake: StakeResult }
  | { type: 'preflightSkipped'; warning: string }
  | { type: 'tokenRequested'; settings: MintKeySettings }
  | { type: 'tokenReceived'; token: MintToken }
  | { type: 'mintStarted'; attempt: MintAttempt }
  | { type: 'minted'; result: MintResult }
  | { type: 'limitsRead'; limits: ConsumptionLimits }
  | { type: 'accountsChanged'; accounts: string[] }
  | { type: 'fail'; code: MintFailureCode; message: string; retryable: boolean; walletWords?: string }
  | { type: 'retry' }
  | { type: 'reset' };

/**
 * The events the wallet window reports (`mint.report`): what it learned from the wallet or from
 * Base. Every other event is the background's own (tokens, requests, the POST), never a page's.
 * The type and the report's schema (schema.ts) both come from this list.
 */
export const MINT_REPORT_TYPES = [
  'connected',
  'preflightStarted',
  'preflightDone',
  'preflightSkipped',
  'accountsChanged',
  'fail',
] as const satisfies readonly MintEvent['type'][];
export type MintReportType = (typeof MINT_REPORT_TYPES)[number];
export type MintReport = Extract<MintEvent, { type: MintReportType }>;

/** An event that does not fit the step the flow is in (a stale window, a double click…). */
export class MintStepError extends AppError {
  override name = 'MintStepError';
  constructor(event: MintEvent['type'], step: MintStep) {
    super('mint.wrong_step', `The mint is at step “${STEP_LABELS[step]}”, so “${event}” cannot happen now.`);
  }
}

export const STEP_LABELS: Record<MintStep, string> = {
  idle: 'Not started',
  connecting: 'Connecting the wallet',
  connected: 'Wallet connected',
  preflight: 'Checking staked VVV',
  token: 'Getting a token from Venice',
  signing: 'Waiting for the wallet’s signature',
  minting: 'Minting the key',
  done: 'Key minted',
  failed: 'Stopped',
};

export function idleFlow(now: number, flowId = ''): MintFlow {
  return {
    flowId,
    step: 'idle',
    transport: null,
    tabId: null,
    documentId: null,
    wallets: [],
    wallet: null,
    address: null,
    stake: null,
    settings: null,
    token: null,
    request: null,
    attempt: null,
    result: null,
    failure: null,
    updatedAt: now,
  };
}

/** Steps in which a flow is running (a new one may not start; the popup shows progress). */
export function isActive(step: MintStep): boolean {
  return step !== 'idle' && step !== 'done' && step !== 'failed';
}

/** Steps after a wallet is connected and before the POST, where an account switch matters. */
const CONNECTED_STEPS: readonly MintStep[] = ['connected', 'preflight', 'token', 'signing'];

export const ACCOUNT_SWITCHED_MESSAGE =
  'Your wallet switched to a different account during the mint. Connect again with the account you want the key for.';

/** Failures caused by the wallet connection itself: retry starts again at connecting. */
const RECONNECT_FAILURES: readonly MintFailureCode[] = [
  'mint.no_wallet',
  'mint.metamask_missing',
  'mint.wallet_unavailable',
  'mint.site_unavailable',
  'mint.connect_rejected',
  'mint.account_switched',
];

/** Failures of the stake check: retry checks again. */
const PREFLIGHT_FAILURES: readonly MintFailureCode[] = ['mint.no_stake', 'mint.rpc_down'];

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Whether a stake (wei, decimal string) is more than zero. */
export function hasStake(amount: string): boolean {
  return /^\d+$/.test(amount) && /[1-9]/.test(amount);
}

export const NO_STAKE_MESSAGE =
  'This wallet has no staked VVV on Base. Venice mints keys only for wallets that stake VVV (holding VVV is not enough). Stake VVV on Base, then check again, or connect another wallet.';

export function transition(flow: MintFlow, event: MintEvent, now: number): MintFlow {
  const step = flow.step;
  const next = (patch: Partial<MintFlow>): MintFlow => ({ ...flow, ...patch, updatedAt: now });
  const refuse = (): never => {
    throw new MintStepError(event.type, step);
  };

  switch (event.type) {
    case 'begin': {
      if (step === 'minting') refuse();
      return {
        ...idleFlow(now, event.flowId),
        step: 'connecting',
        transport: event.transport,
        // Keep the Venice tab and the settings the user typed: a second attempt reuses both.
        tabId: event.transport === 'injected' ? flow.tabId : null,
        documentId: event.transport === 'injected' ? (flow.documentId ?? null) : null,
        settings: flow.settings,
      };
    }
    case 'walletsFound': {
      if (step !== 'connecting' || flow.transport !== 'injected') refuse();
      return next({ tabId: event.tabId, documentId: event.documentId, wallets: event.wallets });
    }
    case 'requestStarted': {
      const { method } = event.request;
      if (method === 'eth_requestAccounts' && step !== 'connecting') refuse();
      if (method === 'personal_sign' && (step !== 'token' || flow.token === null || flow.address === null))
        refuse();
      return next({
        step: method === 'personal_sign' ? 'signing' : step,
        request: { ...event.request, reply: null },
      });
    }
    case 'requestReplied': {
      // Only the pending request, and only its first answer, counts.
      if (!flow.request || flow.request.requestId !== event.requestId || flow.request.reply !== null)
        refuse();
      return next({ request: { ...flow.request!, reply: event.reply } });
    }
    case 'connected': {
      if (step !== 'connecting') refuse();
      return next({ step: 'connected', address: event.address, wallet: event.wallet, request: null });
    }
    case 'preflightStarted': {
      if (step !== 'connected' && step !== 'preflight') refuse();
      return next({ step: 'preflight', stake: null });
    }
    case 'preflightDone': {
      if (step !== 'preflight') refuse();
      if (event.stake.kind === 'staked' && !hasStake(event.stake.amount)) {
        return next({
          step: 'failed',
          stake: event.stake,
          failure: { code: 'mint.no_stake', message: NO_STAKE_MESSAGE, retryable: true, at: 'preflight' },
        });
      }
      return next({ stake: event.stake });
    }
    case 'preflightSkipped': {
      // Only when the stake could not be read: never over a known zero stake.
      const unreadable =
        (step === 'preflight' && flow.stake === null) ||
        (step === 'failed' && flow.failure?.code === 'mint.rpc_down');
      if (!unreadable || flow.address === null) refuse();
      return next({ step: 'preflight', stake: { kind: 'skipped', warning: event.warning }, failure: null });
    }
    case 'tokenRequested': {
      // From the settings form (preflight passed or skipped), or again for a fresh token.
      const ready = step === 'preflight' && flow.stake !== null;
      if (!ready && step !== 'token' && step !== 'signing') refuse();
      if (flow.address === null) refuse();
      return next({ step: 'token', settings: event.settings, token: null, request: null });
    }
    case 'tokenReceived': {
      if (step !== 'token') refuse();
      return next({ token: event.token });
    }
    case 'mintStarted': {
      if (step !== 'signing' || flow.token === null || flow.request === null) refuse();
      return next({ step: 'minting', attempt: event.attempt });
    }
    case 'minted': {
      if (step !== 'minting') refuse();
      // The token and signature are spent: drop them.
      return next({ step: 'done', result: event.result, token: null, request: null, failure: null });
    }
    case 'limitsRead': {
      if (step !== 'done' || flow.result === null) refuse();
      return next({ result: { ...flow.result!, limits: event.limits, limitsSource: 'venice' } });
    }
    case 'accountsChanged': {
      if (!CONNECTED_STEPS.includes(step) || flow.address === null) return flow;
      const current = event.accounts[0];
      if (current !== undefined && sameAddress(current, flow.address)) return flow;
      return next({
        step: 'failed',
        failure: {
          code: 'mint.account_switched',
          message: ACCOUNT_SWITCHED_MESSAGE,
          retryable: true,
          at: step,
        },
      });
    }
    case 'fail': {
      if (step === 'idle' || step === 'done' || step === 'failed') refuse();
      return next({
        step: 'failed',
        failure: {
          code: event.code,
          message: event.message,
          retryable: event.retryable,
          at: step,
          ...(event.walletWords ? { walletWords: event.walletWords } : {}),
        },
      });
    }
    case 'retry': {
      if (step !== 'failed' || !flow.failure?.retryable) refuse();
      const code = flow.failure!.code;
      const spent = { token: null, request: null, attempt: null, failure: null };
      if (flow.address === null || RECONNECT_FAILURES.includes(code)) {
        return next({ ...spent, step: 'connecting', address: null, wallet: null, stake: null });
      }
      if (flow.stake === null || PREFLIGHT_FAILURES.includes(code)) {
        return next({ ...spent, step: 'connected', stake: null });
      }
      // Token, signature and mint failures: back to the key settings with a fresh token to come.
      return next({ ...spent, step: 'preflight' });
    }
    case 'reset': {
      if (step === 'minting') refuse();
      return {
        ...idleFlow(now),
        tabId: flow.tabId,
        documentId: flow.documentId ?? null,
        settings: flow.settings,
      };
    }
  }
}

/**
 * A flow left in `minting` by a worker that is gone: the POST's answer (and a secret, if
 * Venice minted one) died with it. Say so plainly; a retry needs a fresh token anyway.
 */
export function interruptedFlow(flow: MintFlow, currentWorker: string, now: number): MintFlow | null {
  if (flow.step !== 'minting' || flow.attempt === null || flow.attempt.workerInstance === currentWorker)
    return null;
  return {
    ...flow,
    step: 'failed',
    updatedAt: now,
    failure: {
      code: 'mint.interrupted',
      message:
        'The extension was stopped while Venice was answering the mint. If Venice created the key, its secret could not be saved: look for a new key in your Venice account and revoke it. Then try again with a fresh signature.',
      retryable: true,
      at: 'minting',
    },
  };
}
