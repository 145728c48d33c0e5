/** Stand-in wallets for e2e tests and the demo. Test-only: nothing in lib/ or entrypoints/ imports this. */

export {
  connectStandin,
  METAMASK_STANDIN_ID,
  type MetaMaskStandin,
  metamaskStandinDir,
} from './metamask-standin';
export { installPageWallet, type PageWallet, type PageWalletOptions } from './page-wallet';
