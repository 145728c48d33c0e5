/** Placeholder: the "Mint with wallet" entry point in the popup. Full version lands with issue 5. */
export function MintStatus() {
  return (
    <section aria-label="Mint with wallet">
      <button type="button" disabled>
        Mint with wallet
      </button>
    </section>
  );
}
