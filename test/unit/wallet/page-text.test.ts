/**
 * What a web page can put in front of the user through the Venice-site wallet: wallet names,
 * icons and error strings. Capped, cut short, and kept apart from our own words.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { walletFailure } from '@/lib/wallet/failures';
import { MAX_ICON_CHARS, MAX_WALLET_NAME, MAX_WALLETS } from '@/lib/wallet/flow';
import { discoverWalletsInPage } from '@/lib/wallet/page-functions';

const scope = globalThis as unknown as { window?: unknown };
afterEach(() => {
  delete scope.window;
});

/** A page announcing `count` EIP-6963 wallets, each with a name and icon of the given sizes. */
function pageAnnouncing(count: number, nameLength: number, iconLength: number): void {
  const page = new EventTarget();
  page.addEventListener('eip6963:requestProvider', () => {
    for (let i = 0; i < count; i++) {
      page.dispatchEvent(
        new CustomEvent('eip6963:announceProvider', {
          detail: {
            info: {
              uuid: `uuid-${i}`,
              name: `W${i}`.padEnd(nameLength, 'x'),
              rdns: 'example.wallet',
              icon: `data:image/png;base64,${'A'.repeat(iconLength)}`,
            },
            provider: { request: async () => null },
          },
        }),
      );
    }
  });
  scope.window = page;
}

const limits = {
  waitMs: 0,
  maxWallets: MAX_WALLETS,
  maxIconChars: MAX_ICON_CHARS,
  maxNameChars: MAX_WALLET_NAME,
};

describe('wallets a page announces', () => {
  it('keeps at most 20 wallets, however many the page announces', async () => {
    pageAnnouncing(500, 10, 10);
    const found = await discoverWalletsInPage(limits);
    expect(found.ok).toBe(true);
    if (found.ok) expect(found.value).toHaveLength(MAX_WALLETS);
    expect(MAX_WALLETS).toBe(20);
  });

  it('drops icons over 32 kB and cuts names short', async () => {
    pageAnnouncing(2, 500, 40_000);
    const found = await discoverWalletsInPage(limits);
    if (!found.ok) throw new Error('discovery failed');
    for (const wallet of found.value) {
      expect(wallet.icon).toBe('');
      expect(wallet.name.length).toBeLessThanOrEqual(MAX_WALLET_NAME);
    }
    pageAnnouncing(1, 5, 1000);
    const small = await discoverWalletsInPage(limits);
    if (small.ok) expect(small.value[0]?.icon).toMatch(/^data:image\/png/);
  });
});

describe('a wallet’s error text', () => {
  it('is kept apart from our message, cut short', () => {
    const failure = walletFailure('sign', -32000, `Click here to claim ${'!'.repeat(400)}`, 'Test Wallet');
    expect(failure.message).not.toContain('Click here');
    expect(failure.walletWords?.startsWith('Click here to claim')).toBe(true);
    expect(failure.walletWords?.length).toBeLessThanOrEqual(160);
  });
});
