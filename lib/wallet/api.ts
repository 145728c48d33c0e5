/**
 * The mint flow's methods for the extension's own pages (the wallet window and the popup's
 * MintStatus). Results are the flow itself: the pages render it and watch storage for changes.
 */

import { lazy } from '@/lib/lazy';
import { method } from '@/lib/messaging/define';
import { z } from '@/lib/zod';
import { getWalletService } from './index';
import { hexSchema, keySettingsDraftSchema, mintReportSchema } from './schema';
import type { WalletService } from './service';

const requestIdInput = lazy(() => z.string().check(z.regex(/^[A-Za-z0-9-]{16,64}$/, 'Not a request id')));

/** The methods over a service; `mintApi` is over the worker's own (tests pass one built on fakes). */
export function createMintApi(service: () => WalletService) {
  return {
    /** The flow as it stands; the window and popup render it. */
    'mint.status': method(() => service().status()),
    /** Opens the wallet window (or focuses the open one). */
    'mint.openWindow': method(() => service().openWindow()),
    'mint.begin': method(
      () => z.object({ transport: z.enum(['metamask', 'injected']) }),
      ({ transport }) => service().begin(transport),
    ),
    /** injected: opens/reuses the Venice tab and lists its wallets. */
    'mint.discover': method(() => service().discover()),
    /** injected: asks the chosen wallet to connect; the answer arrives in the flow's request. */
    'mint.connectInjected': method(
      () => z.object({ uuid: z.string().check(z.minLength(1), z.maxLength(100)) }),
      ({ uuid }) => service().connectInjected(uuid),
    ),
    /**
     * What the window learned from the wallet or Base: connected, the stake check (started, done,
     * skipped after the RPC could not be read), an account switch, or a wallet-side failure.
     */
    'mint.report': method(
      () => mintReportSchema(),
      (event) => service().report(event),
    ),
    /** Fresh token + the signature request. */
    'mint.sign': method(
      () => z.object({ draft: z.optional(keySettingsDraftSchema()) }),
      ({ draft }) => service().startSigning(draft),
    ),
    /** The verified signature: POST, vault, then the secret once. */
    'mint.submit': method(
      () => z.object({ requestId: requestIdInput(), signature: hexSchema() }),
      ({ requestId, signature }) => service().submit(requestId, signature),
    ),
    'mint.retry': method(() => service().retry()),
    'mint.reset': method(() => service().reset()),
  };
}

export const mintApi = createMintApi(getWalletService);
