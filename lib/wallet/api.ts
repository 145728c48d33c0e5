/**
 * The mint flow's methods for the extension's own pages (the wallet window and the popup's
 * MintStatus). Results are the flow itself: the pages render it and watch storage for changes.
 */
import { z } from 'zod';
import { lazy } from '@/lib/lazy';
import { method } from '@/lib/messaging/define';
import { WALLET_WORDS_MAX } from './failures';
import {
  addressSchema,
  failureCodeSchema,
  hexSchema,
  keySettingsDraftSchema,
  stakeSchema,
  walletInfoSchema,
} from './schema';
import {
  beginMint,
  connectInjectedWallet,
  discoverInjectedWallets,
  markConnected,
  mintStatus,
  openMintWindow,
  reportAccountsChanged,
  reportFailure,
  reportPreflightDone,
  reportPreflightStarted,
  resetMint,
  retryMint,
  skipPreflight,
  startSigning,
  submitSignature,
} from './service';

const requestIdInput = lazy(() => z.string().regex(/^[A-Za-z0-9-]{16,64}$/, 'Not a request id'));

export const mintApi = {
  /** The flow as it stands; the window and popup render it. */
  'mint.status': method(() => mintStatus()),
  /** Opens the wallet window (or focuses the open one). */
  'mint.openWindow': method(() => openMintWindow()),
  'mint.begin': method(
    () => z.object({ transport: z.enum(['metamask', 'injected']) }),
    ({ transport }) => beginMint(transport),
  ),
  /** injected: opens/reuses the Venice tab and lists its wallets. */
  'mint.discover': method(() => discoverInjectedWallets()),
  /** injected: asks the chosen wallet to connect; the answer arrives in the flow's request. */
  'mint.connectInjected': method(
    () => z.object({ uuid: z.string().min(1).max(100) }),
    ({ uuid }) => connectInjectedWallet(uuid),
  ),
  'mint.connected': method(
    () => z.object({ address: addressSchema(), wallet: walletInfoSchema() }),
    ({ address, wallet }) => markConnected(address, wallet),
  ),
  'mint.preflightStarted': method(() => reportPreflightStarted()),
  'mint.preflightDone': method(
    () => z.object({ stake: stakeSchema() }),
    ({ stake }) => reportPreflightDone(stake),
  ),
  /** Only after the Base RPC could not be read. */
  'mint.skipPreflight': method(
    () => z.object({ warning: z.string().min(1).max(500) }),
    ({ warning }) => skipPreflight(warning),
  ),
  'mint.accountsChanged': method(
    () => z.object({ accounts: z.array(z.string().max(100)).max(100) }),
    ({ accounts }) => reportAccountsChanged(accounts),
  ),
  /** A wallet-side failure the window met (rejection, not installed, signature mismatch…). */
  'mint.fail': method(
    () =>
      z.object({
        code: failureCodeSchema(),
        message: z.string().min(1).max(1000),
        retryable: z.boolean(),
        walletWords: z.string().max(WALLET_WORDS_MAX).optional(),
      }),
    (failure) => reportFailure(failure),
  ),
  /** Fresh token + the signature request. */
  'mint.sign': method(
    () => z.object({ draft: keySettingsDraftSchema().optional() }),
    ({ draft }) => startSigning(draft),
  ),
  /** The verified signature: POST, vault, then the secret once. */
  'mint.submit': method(
    () => z.object({ requestId: requestIdInput(), signature: hexSchema() }),
    ({ requestId, signature }) => submitSignature(requestId, signature),
  ),
  'mint.retry': method(() => retryMint()),
  'mint.reset': method(() => resetMint()),
};
