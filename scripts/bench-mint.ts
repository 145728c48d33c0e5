import type { BrowserContext } from '@playwright/test';
import type { Simulator } from '../test/simulator';

export interface MintMeasureInput {
  context: BrowserContext;
  sim: Simulator;
  call: (method: string, input?: unknown) => Promise<unknown>;
  url: (path: string) => string;
  runs: number;
}

/** Mint timing; filled in once the wallet flow can be driven headless. Returns null when it cannot. */
export async function measureMint(
  _input: MintMeasureInput,
): Promise<{ samples: number[]; note?: string } | null> {
  return null;
}
