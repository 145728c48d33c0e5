/** Placeholder: wallet-related settings. Full version lands with issue 5. */
export function WalletSettings() {
  return (
    <section aria-label="Wallet settings">
      <h2>Wallet</h2>
    </section>
  );
}
