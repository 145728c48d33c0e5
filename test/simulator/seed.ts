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
    createdAt: now - 120 * DAY_MS,
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

  seedUsageHistory(control, accountId, now, { production: production.id, ci: ci.id });
  // The history above spent from the account; these are the balances the demo shows.
  control.setBalances(accountId, { USD: 42.5, DIEM: 8.25, BUNDLED_CREDITS: 5 });

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

/** A small deterministic generator (mulberry32), so every demo shows the same charts. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round4 = (n: number) => Math.round(n * 1e4) / 1e4;

/**
 * 90 days of plausible spend before today, so the usage charts of `npm run demo` have a shape:
 * the production key on weekdays across three models (growing), CI a few cents on its two days,
 * and the Venice web app (null key) now and then. Today's figures stay those of the keys above,
 * so their caps and the badge read as before.
 */
function seedUsageHistory(
  control: SimulatorControl,
  accountId: string,
  now: number,
  keys: { production: string; ci: string },
): void {
  const random = seededRandom(90);
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const models = [
    { model: 'zai-org-glm-5-1', share: 0.6 },
    { model: 'qwen3-235b', share: 0.3 },
    { model: 'venice-uncensored', share: 0.1 },
  ];
  for (let daysAgo = 90; daysAgo >= 1; daysAgo -= 1) {
    const day = today - daysAgo * DAY_MS;
    const weekday = new Date(day).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    // Slow growth towards today, quieter weekends, some noise.
    const base = (0.4 + (90 - daysAgo) / 90) * (weekend ? 0.35 : 1) * (0.7 + 0.6 * random());
    for (const { model, share } of models) {
      const amount = round4(base * share * 1.6);
      if (amount <= 0) continue;
      const completionTokens = Math.round(amount * 180_000);
      control.recordUsage({
        keyId: keys.production,
        amount,
        currency: model === 'venice-uncensored' ? 'DIEM' : 'USD',
        model,
        promptTokens: completionTokens * 3,
        completionTokens,
        inferenceExecutionTime: 800 + Math.round(random() * 4000),
        at: day + (9 + Math.floor(random() * 9)) * 3_600_000,
      });
    }
    if (daysAgo % 9 === 4) {
      control.recordUsage({
        keyId: null,
        accountId,
        amount: round4(0.3 + random()),
        currency: 'USD',
        model: 'zai-org-glm-5-1',
        completionTokens: 120_000,
        at: day + 20 * 3_600_000,
      });
    }
  }
  control.recordUsage({
    keyId: keys.ci,
    amount: 0.08,
    currency: 'USD',
    model: 'qwen3-235b',
    completionTokens: 40_000,
    at: today - DAY_MS + 3 * 3_600_000,
  });
}
