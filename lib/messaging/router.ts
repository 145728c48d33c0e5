import { AppError, serializeError } from '@/lib/errors';
import { type CallContext, checkInput, type MethodMap } from './define';
import { isRpcRequest, type RpcResponse } from './protocol';

export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

export interface RouterOptions {
  /** This extension's id (runtime.id). */
  extensionId: string;
  /** This extension's origin, e.g. `chrome-extension://<id>/` (runtime.getURL('/')). */
  extensionOrigin: string;
}

/**
 * Only this extension's own pages may call the background: the sender's id must be ours
 * and its URL must be one of our pages. Content scripts (ours included: their URL is the
 * web page's) and other extensions or web pages are refused.
 */
export function isTrustedSender(sender: SenderInfo, opts: RouterOptions): boolean {
  if (!sender || sender.id !== opts.extensionId) return false;
  if (typeof sender.url !== 'string') return false;
  return sender.url.startsWith(opts.extensionOrigin);
}

export function createRouter(api: MethodMap, opts: RouterOptions) {
  return async function handle(message: unknown, sender: SenderInfo): Promise<RpcResponse> {
    if (!isRpcRequest(message)) {
      return {
        ok: false,
        error: { code: 'messaging.bad_request', message: 'Not a request this extension understands.' },
      };
    }
    if (!isTrustedSender(sender, opts)) {
      return {
        ok: false,
        error: {
          code: 'messaging.forbidden',
          message: 'Refused: only this extension’s own pages may ask for this.',
        },
      };
    }
    const def = Object.hasOwn(api, message.method) ? api[message.method] : undefined;
    if (!def) {
      return {
        ok: false,
        error: { code: 'messaging.unknown_method', message: `Unknown request "${message.method}".` },
      };
    }
    const parsed = checkInput(def, message.input);
    if (!parsed.ok) return { ok: false, error: { code: 'messaging.invalid_input', message: parsed.message } };
    const ctx: CallContext = { url: sender.url as string };
    if (sender.tab?.id !== undefined) ctx.tabId = sender.tab.id;
    try {
      return { ok: true, value: await def.handler(parsed.data, ctx) };
    } catch (err) {
      if (!(err instanceof AppError))
        console.error('[vkc] unexpected error in', message.method, errorName(err));
      return { ok: false, error: serializeError(err) };
    }
  };
}

/** Logs only the class of an unexpected error, never its message (which could hold data). */
function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
