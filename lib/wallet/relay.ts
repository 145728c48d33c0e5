/**
 * The wallet's answers travel from a Venice-site tab to the background:
 *   MAIN world (page-functions.ts) → window.postMessage tagged REPLY_TAG
 *   → isolated-world relay (entrypoints/wallet-relay.ts) → runtime.sendMessage RELAY_KIND
 *   → this check in the background.
 * Page scripts can post the same window messages, so nothing here trusts the message:
 * it must come through our own relay (sender.id), from the tab the request runs in, for the
 * request that is pending (its random id), once, in the shape that method returns. The
 * signature itself is then verified against the connected address before anything is posted.
 */
import type { MintFlow, WalletMethod, WalletReply } from './flow';

export const REPLY_TAG = 'vkc/wallet-reply';
export const RELAY_KIND = 'vkc/wallet-relay';

export interface RelayMessage {
  kind: typeof RELAY_KIND;
  requestId: string;
  reply: WalletReply;
}

export interface RelaySender {
  id?: string;
  tab?: { id?: number };
  /** 0 = the tab's top frame; our relay is injected only there. */
  frameId?: number;
  /** The page's origin (Chrome 80+, Firefox 126+). */
  origin?: string;
  /** The document the relay ran in (Chrome 106+). */
  documentId?: string;
}

const REQUEST_ID = /^[A-Za-z0-9-]{16,64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
/** 65-byte ECDSA signatures, or longer smart-account ones (ERC-1271/6492), within reason. */
const SIGNATURE = /^0x(?:[0-9a-fA-F]{2}){65,8192}$/;
const MESSAGE_MAX = 300;

/** The relay's message, or null when it is not one (wrong kind or shape). */
export function parseRelayMessage(message: unknown): RelayMessage | null {
  if (typeof message !== 'object' || message === null) return null;
  const m = message as Record<string, unknown>;
  if (m.kind !== RELAY_KIND || typeof m.requestId !== 'string' || !REQUEST_ID.test(m.requestId)) return null;
  const reply = parseReply(m.reply);
  return reply ? { kind: RELAY_KIND, requestId: m.requestId, reply } : null;
}

function parseReply(raw: unknown): WalletReply | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (r.ok === true) {
    const result = r.result;
    if (typeof result === 'string') return { ok: true, result: result as `0x${string}` };
    if (Array.isArray(result) && result.length <= 100 && result.every((a) => typeof a === 'string'))
      return { ok: true, result: result as string[] };
    return null;
  }
  if (r.ok === false && typeof r.error === 'object' && r.error !== null) {
    const e = r.error as Record<string, unknown>;
    const code = typeof e.code === 'number' || typeof e.code === 'string' ? e.code : 'wallet_error';
    const message = typeof e.message === 'string' ? e.message.slice(0, MESSAGE_MAX) : '';
    return { ok: false, error: { code: typeof code === 'string' ? code.slice(0, 40) : code, message } };
  }
  return null;
}

/** Whether a successful result has the shape its method returns. */
export function isValidResult(method: WalletMethod, result: unknown): boolean {
  if (method === 'personal_sign') return typeof result === 'string' && SIGNATURE.test(result);
  return Array.isArray(result) && result.every((a) => typeof a === 'string' && ADDRESS.test(a));
}

export type RelayCheck = { ok: true; requestId: string; reply: WalletReply } | { ok: false; reason: string };

/**
 * Decides whether a relayed answer is the answer to the flow's pending request.
 * The reasons are for tests and a console warning; they never reach a page.
 * `siteOrigin` is the configured Venice site's origin: the relay must run on that site, in the
 * tab's top frame, and (where the browser says) in the document the request was started in.
 */
export function checkRelayReply(
  message: unknown,
  sender: RelaySender,
  extensionId: string,
  flow: MintFlow,
  siteOrigin: string,
): RelayCheck {
  const parsed = parseRelayMessage(message);
  if (!parsed) return { ok: false, reason: 'not a relay message' };
  if (sender.id !== extensionId) return { ok: false, reason: 'not sent by this extension’s relay' };
  const pending = flow.request;
  if (!pending) return { ok: false, reason: 'no request is pending' };
  if (pending.requestId !== parsed.requestId) return { ok: false, reason: 'unknown request id' };
  if (pending.reply !== null) return { ok: false, reason: 'request already answered' };
  if (pending.tabId === null || sender.tab?.id !== pending.tabId) return { ok: false, reason: 'wrong tab' };
  if (sender.frameId !== 0) return { ok: false, reason: 'not the top frame' };
  if (sender.origin !== undefined && sender.origin !== siteOrigin)
    return { ok: false, reason: 'not the Venice site' };
  if (flow.documentId != null && sender.documentId !== undefined && sender.documentId !== flow.documentId)
    return { ok: false, reason: 'another document in the tab' };
  const expectedStep = pending.method === 'personal_sign' ? 'signing' : 'connecting';
  if (flow.step !== expectedStep) return { ok: false, reason: 'the flow has moved on' };
  if (parsed.reply.ok && !isValidResult(pending.method, parsed.reply.result))
    return { ok: false, reason: 'malformed result' };
  return { ok: true, requestId: parsed.requestId, reply: parsed.reply };
}
