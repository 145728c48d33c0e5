import { useState } from 'preact/hooks';
import type { MintFlow } from '@/lib/wallet/flow';

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** The connected wallet and address (shortened, with copy), once there is one. */
export function WalletHeader({ flow }: { flow: MintFlow }) {
  const [copied, setCopied] = useState(false);
  if (!flow.address || flow.step === 'idle') return null;
  const address = flow.address;
  async function copy() {
    try {
      await navigator.clipboard.writeText(address);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <section class="wallet__account" aria-label="Connected wallet">
      {flow.wallet?.icon ? <img src={flow.wallet.icon} alt="" width={20} height={20} /> : null}
      {flow.transport === 'injected' && flow.wallet ? (
        <q class="page-name">{flow.wallet.name}</q>
      ) : (
        <span>{flow.wallet?.name ?? 'Wallet'}</span>
      )}
      <span class="mono" title={address} data-address={address}>
        {shortAddress(address)}
      </span>
      <button type="button" onClick={copy} aria-label="Copy the wallet address">
        {copied ? 'Copied' : 'Copy'}
      </button>
    </section>
  );
}
