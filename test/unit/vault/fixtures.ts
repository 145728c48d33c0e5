import { createVaultService } from '@/lib/vault/vault';

export const TEST_PASSPHRASE = 'copper-violin-harbor-lantern-31';

/**
 * A vault in the fake browser's storage (the one the extension's vault reads), with cheap KDF
 * parameters to keep the suite fast, holding one synthetic ADMIN and one INFERENCE key.
 */
export async function vaultWithTwoKeys() {
  const vault = createVaultService({
    policy: { minIterations: 1_000, maxIterations: 1_000, targetMs: 1 },
    measure: async () => 1,
  });
  await vault.create(TEST_PASSPHRASE);
  const admin = await vault.addStoredKey({
    label: 'admin',
    secret: `VENICE_ADMIN_KEY_${crypto.randomUUID()}`,
    type: 'ADMIN',
    source: 'pasted',
    verified: true,
  });
  const inference = await vault.addStoredKey({
    label: 'app',
    secret: `VENICE_INFERENCE_KEY_${crypto.randomUUID()}`,
    type: 'INFERENCE',
    source: 'pasted',
    verified: true,
  });
  return { vault, admin, inference };
}
