/**
 * Adding a key the user pasted: shape first (nothing leaves the browser for garbage), then a
 * live check with Venice that also proves the key's type (FACTS §0). When Venice cannot be
 * reached the key may still be saved, marked unverified, if the user says so.
 */
import { AppError } from '@/lib/errors';
import {
  checkKeyShape,
  detectKeyType,
  getVeniceClient,
  trimPastedKey,
  VeniceAuthError,
  type VeniceClient,
  VeniceForbiddenError,
  VeniceNoCredentialsError,
} from '@/lib/venice';
import { LABEL_MAX } from './constants';
import { announceVaultKeysChanged } from './events';
import type { StoredKeyMeta, StoredKeyType } from './types';
import type { VaultService } from './vault';

export interface VerifyDeps {
  getClient: () => Promise<VeniceClient>;
  detect: (client: VeniceClient, secret: string) => Promise<StoredKeyType>;
}

const defaultDeps: VerifyDeps = { getClient: getVeniceClient, detect: detectKeyType };

export type Verification =
  | { verified: true; type: StoredKeyType }
  /** Venice could not be asked; `reason` says why (its own message, never the key). */
  | { verified: false; type: StoredKeyType; reason: string };

/** Refuses what is certainly not a usable key; reports "could not ask" separately. */
export async function verifyKey(
  secret: string,
  typeHint: StoredKeyType,
  deps: VerifyDeps = defaultDeps,
): Promise<Verification> {
  try {
    const client = await deps.getClient();
    return { verified: true, type: await deps.detect(client, secret) };
  } catch (err) {
    if (err instanceof VeniceAuthError || err instanceof VeniceNoCredentialsError)
      throw new AppError('vault.invalid_key', undefined, { cause: err });
    // The key is real but the account is blocked: saving it would only mislead.
    if (err instanceof VeniceForbiddenError) throw err;
    const reason = err instanceof AppError ? err.message : 'Venice could not be reached.';
    return { verified: false, type: typeHint, reason };
  }
}

export interface AddPastedKeyInput {
  label: string;
  secret: string;
  /** Save even when Venice cannot be reached (the user chose "Save unverified"). */
  allowUnverified: boolean;
}

export interface AddPastedKeyResult {
  key: StoredKeyMeta;
  /** A remark for the user (a type that differs from the prefix), or null. */
  note: string | null;
}

export async function addPastedKey(
  vault: VaultService,
  input: AddPastedKeyInput,
  deps: VerifyDeps = defaultDeps,
): Promise<AddPastedKeyResult> {
  const secret = trimPastedKey(input.secret);
  const shape = checkKeyShape(secret);
  if (!shape.ok) throw new AppError('vault.invalid_key', shape.reason);
  const label = input.label.trim();
  if (label.length > LABEL_MAX)
    throw new AppError('vault.invalid_label', `The label is too long (at most ${LABEL_MAX} characters).`);
  // Fail early (before asking Venice) when locked or already stored.
  await vault.assertNotStored(secret);

  let verification: Verification;
  try {
    verification = await verifyKey(secret, shape.typeHint, deps);
  } catch (err) {
    if (err instanceof AppError && err.code === 'vault.invalid_key')
      throw new AppError(err.code, err.shortMessage, { hint: 'It was not saved.' });
    throw err;
  }
  if (!verification.verified && !input.allowUnverified)
    throw new AppError('vault.key_unverifiable', verification.reason, { retryable: true });
  const key = await vault.addStoredKey({
    label: label || `${verification.type} key …${secret.slice(-6)}`,
    secret,
    type: verification.type,
    source: 'pasted',
    verified: verification.verified,
  });
  announceVaultKeysChanged('vault key added');
  const note =
    verification.verified && verification.type !== shape.typeHint
      ? `Venice says this is an ${verification.type} key, although its prefix says ${shape.typeHint}.`
      : null;
  return { key, note };
}

/** Checks an unverified stored key again and records what Venice says. */
export async function reverifyStoredKey(
  vault: VaultService,
  entryId: string,
  deps: VerifyDeps = defaultDeps,
): Promise<{ key: StoredKeyMeta; reason: string | null }> {
  const secret = await vault.getStoredSecret(entryId);
  const current = (await vault.listStoredKeys()).find((k) => k.entryId === entryId);
  const verification = await verifyKey(secret, current?.type ?? 'INFERENCE', deps);
  if (!verification.verified) return { key: current as StoredKeyMeta, reason: verification.reason };
  const key = await vault.updateStoredKey(entryId, { verified: true, type: verification.type });
  announceVaultKeysChanged('vault key verified');
  return { key, reason: null };
}
