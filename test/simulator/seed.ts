/** The demo account: what `npm run demo` (and `cli.ts --seed demo`) shows in the extension. */
import { privateKeyToAccount } from 'viem/accounts';
import { DAY_MS } from './clock';
import type { SimulatorControl } from './control';

/** Synthetic, publicly known test keys: never hold real funds with them. */
export const DEMO_WALLET_PRIVATE_KEY = `0x${'11'.repeat(32)}` as const;
export const DEMO_UNSTAKED_WALLET_PRIVATE_KEY = `0x${'22'.repeat(32)}` as const;

export interface DemoSeed {
  accountId: string;
  adminKeyId: string;
  adminKey: string;
  inferenceKeys: { id: string; description: string; secret: string }[];
  wallet: { address: string; privateKey: `0x${string}`; stakedVvv: string };
  unstakedWallet: { address: string; privateKey: `0x${string}` };
}

export function seedDemo(sim: { control: SimulatorControl }): DemoSeed {
  const { control } = sim;
  const now = control.now();
  const wallet = privateKeyToAccount(DEMO_WALLET_PRIVATE_KEY);
  const unstaked = privateKeyToAccount(DEMO_UNSTAKED_WALLET_PRIVATE_KEY);
  const stakedVvv = '1250';
  control.setStake(wallet.address, stakedVvv);

  // The demo wallet is linked to the demo account, so keys it mints show in the admin's list.
  const { accountId, adminKey, adminKeyId } = control.createAccount({
    walletAddress: wallet.address,
    balances: { USD: 42.5, DIEM: 8.25, BUNDLED_CREDITS: 5, EARNED_CREDITS: 0, diemEpochAllocation: 10 },
  });

  const hoursAgo = (hours: number) => now - hours * 3_600_000;
  const production = control.addKey({
    accountId,
    description: 'Production backend',
    consumptionLimit: { usd: 50 },
    limitPeriod: 'MONTH',
    createdAt: now - 40 * DAY_MS,
    usage: [
      {
        amount: 3.2,
        currency: 'USD',
        promptTokens: 410_000,
        completionTokens: 120_000,
        at: now - 3 * DAY_MS,
      },
      { amount: 1.75, currency: 'USD', promptTokens: 220_000, completionTokens: 64_000, at: hoursAgo(5) },
      {
        amount: 0.6,
        currency: 'DIEM',
        model: 'venice-uncensored',
        completionTokens: 90_000,
        at: hoursAgo(2),
      },
    ],
  });
  const sandbox = control.addKey({
    accountId,
    description: 'Teammate sandbox',
    consumptionLimit: { usd: 5, diem: 2 },
    limitPeriod: 'EPOCH',
    modelPrivacy: 'PRIVATE_ONLY',
    createdAt: now - 6 * DAY_MS,
    expiresAt: now + 30 * DAY_MS,
    usage: [
      { amount: 4.1, currency: 'USD', promptTokens: 500_000, completionTokens: 150_000, at: hoursAgo(1) },
      { amount: 1.5, currency: 'DIEM', completionTokens: 200_000, at: hoursAgo(1) },
    ],
  });
  const ci = control.addKey({
    accountId,
    description: 'CI smoke tests',
    createdAt: now - 2 * DAY_MS,
    usage: [
      {
        amount: 0.12,
        currency: 'BUNDLED_CREDITS',
        model: 'qwen-image',
        sku: 'qwen-image-image',
        units: 4,
        at: hoursAgo(20),
      },
    ],
  });

  control.addBreach({
    accountId,
    apiKeyId: production.id,
    modelId: 'zai-org-glm-5-1',
    rateLimitType: 'RPM',
    timestamp: hoursAgo(30),
  });
  control.addBreach({
    accountId,
    apiKeyId: sandbox.id,
    modelId: 'model:unknown',
    rateLimitType: 'TPM',
    timestamp: hoursAgo(6),
  });
  control.addBreach({
    accountId,
    apiKeyId: ci.id,
    modelId: 'endpoint:api/v1/chat/completions',
    rateLimitType: 'FAILED_REQUESTS',
    timestamp: hoursAgo(1),
  });

  const secretOf = (id: string) => control.key(id).secret;
  return {
    accountId,
    adminKeyId,
    adminKey,
    inferenceKeys: [production, sandbox, ci].map(({ id }) => ({
      id,
      description: control.key(id).description,
      secret: secretOf(id),
    })),
    wallet: { address: wallet.address, privateKey: DEMO_WALLET_PRIVATE_KEY, stakedVvv },
    unstakedWallet: { address: unstaked.address, privateKey: DEMO_UNSTAKED_WALLET_PRIVATE_KEY },
  };
}
