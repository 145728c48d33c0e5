/**
 * The bench's accounts in the simulator. The usage one (90 days × 50 keys): an ADMIN key and 49 more,
 * each with a charge a day for 90 days across four models; shared by `npm run bench` and the usage
 * A/B script (scripts/usage-ab.ts), so that both measure the same figures.
 */
import type { Simulator } from '../test/simulator';

const DAY = 86_400_000;
const MODELS = ['zai-org-glm-5-1', 'qwen3-235b', 'venice-uncensored', 'mistral-31-24b'];

/** An account with an ADMIN key and `keys` more, of mixed caps and periods (synthetic). */
export function seedAccount(sim: Simulator, keys: number) {
  const account = sim.control.createAccount({ balances: { USD: 120, DIEM: 12, diemEpochAllocation: 20 } });
  for (let i = 0; i < keys; i++)
    sim.control.addKey({
      accountId: account.accountId,
      description: `bench key ${String(i).padStart(3, '0')} ${i % 3 === 0 ? 'staging' : 'production'}`,
      consumptionLimit: i % 2 ? { usd: 10 + i } : {},
      limitPeriod: i % 3 === 0 ? 'MONTH' : 'EPOCH',
    });
  return account;
}

export function seedUsageAccount(sim: Simulator) {
  const account = seedAccount(sim, 49);
  const keyIds = sim.control.account(account.accountId).keys.map((k) => k.id);
  const day0 = Math.floor(sim.control.now() / DAY) * DAY;
  for (let d = 0; d < 90; d++)
    keyIds.forEach((keyId, k) => {
      sim.control.recordUsage({
        keyId,
        amount: 0.01 + ((d * 7 + k * 13) % 50) / 100,
        currency: 'USD',
        model: MODELS[(d + k) % MODELS.length],
        at: day0 - d * DAY + 3_600_000,
      });
    });
  return account;
}
