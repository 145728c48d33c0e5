/**
 * Every way a mint can fail, in its own module with no imports: the stored flow's schemas
 * (lib/wallet/flow.ts) and the one list of error codes (lib/error-codes.ts) both take it from here.
 */
export const MINT_FAILURE_CODES = [
  'mint.no_wallet',
  'mint.metamask_missing',
  'mint.wallet_unavailable',
  'mint.site_unavailable',
  'mint.connect_rejected',
  'mint.sign_rejected',
  'mint.account_switched',
  'mint.signature_mismatch',
  'mint.token_expired',
  'mint.no_stake',
  'mint.rpc_down',
  'mint.venice_rejected',
  'mint.network',
  'mint.rate_limited',
  'mint.key_limit',
  'mint.interrupted',
  'mint.token_refused',
  'mint.internal',
] as const;
export type MintFailureCode = (typeof MINT_FAILURE_CODES)[number];
