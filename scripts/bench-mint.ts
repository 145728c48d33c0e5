import type { BrowserContext, Page } from '@playwright/test';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Simulator } from '../test/simulator';
import { installPageWallet } from '../test/wallets';

export interface MintMeasureInput {
  context: BrowserContext;
  sim: Simulator;
  call: (method: string, input?: unknown) => Promise<unknown>;
  runs: number;
}

const WEB3 = '/api/v1/api_keys/generate_web3_key';

/**
 * Mints with the page wallet approving at once, through the real wallet window: the time from the
 * click on "Get token and sign" to the minted key on screen (shown only after it is saved in the
 * vault), minus what the simulator itself spent answering the token, mint and RPC requests.
 * The vault must be unlocked.
 */
export async function measureMint({
  context,
  sim,
  call,
  runs,
}: MintMeasureInput): Promise<{ samples: number[]; note: string }> {
  const privateKey = generatePrivateKey();
  sim.control.setStake(privateKeyToAccount(privateKey).address, '100');
  await installPageWallet(context, { privateKey, origin: sim.origin });
  const samples: number[] = [];
  let simulatorTotal = 0;
  for (let i = 0; i < runs; i++) {
    await call('mint.reset');
    const opened = context.waitForEvent('page', { predicate: (p) => p.url().endsWith('/wallet.html') });
    await call('mint.openWindow');
    const win: Page = await opened;
    await win.getByRole('button', { name: 'A wallet on the Venice site' }).click();
    await win.getByRole('button', { name: 'Connect Test Wallet' }).click();
    await win.getByText(/Staked on Base/).waitFor();
    await win.getByLabel(/^Description/).fill(`bench mint ${i}`);
    sim.control.clearRequestLog();
    await win.getByRole('button', { name: 'Get token and sign' }).waitFor();
    // A string, not a function: tsx's keepNames would make a function call a helper the page lacks.
    const wall = (await win.evaluate(`new Promise((done, fail) => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Get token and sign');
      const minted = () => [...document.querySelectorAll('h1,h2,h3')].some((h) => h.textContent.trim() === 'Key minted');
      const t0 = performance.now();
      const observer = new MutationObserver(() => {
        if (minted()) { observer.disconnect(); done(performance.now() - t0); }
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      setTimeout(() => fail(new Error('no minted key within 30 s')), 30000);
      button.click();
    })`)) as number;
    const simulatorMs = sim.control
      .requestLog()
      .filter((r) => r.path === WEB3 || r.path === '/rpc')
      .reduce((sum, r) => sum + (r.handledMs ?? 0), 0);
    simulatorTotal += simulatorMs;
    samples.push(wall - simulatorMs);
    await win.close();
  }
  return {
    samples,
    note: `wall time minus the simulator's own handling (mean ${(simulatorTotal / runs).toFixed(1)} ms per mint)`,
  };
}
