/**
 * What Venice sends for a created or minted key, cut to what the vault stores (lib/vault/record.ts
 * holds the vault's own limits). The create already happened: a field the vault would refuse must
 * never make the write of the secret throw. An id too long to keep is left out, a description is
 * cleaned and cut; only a secret the vault cannot hold is refused, and the caller then shows it once
 * with "not saved".
 */
import { AppError } from '@/lib/errors';

/** Venice's own limit for a description (FACTS: 64 characters); the vault allows 200. */
export const LABEL_MAX = 64;
/** The vault's limit for a Venice key id. */
export const VENICE_ID_MAX = 128;
/** The vault's limit for a secret (no whitespace inside). */
export const SECRET_MAX = 512;

export class SecretNotStorableError extends AppError {
  constructor(why: string) {
    super('keys.secret_not_storable', `Venice sent a secret the vault cannot store (${why}).`);
  }
}

/** Control and format characters (line breaks, bidi overrides, zero-width) never reach a label. */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]+/gu;
const HAS_INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

export function normaliseLabel(raw: string | null | undefined, fallback: string): string {
  const cleaned = (raw ?? '').replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  const cut = [...cleaned].slice(0, LABEL_MAX).join('').trim();
  return cut || fallback;
}

export function normaliseVeniceId(raw: string): string | null {
  const id = raw.trim();
  return id.length >= 1 && id.length <= VENICE_ID_MAX && !HAS_INVISIBLE.test(id) ? id : null;
}

/** The secret as the vault will keep it; throws SecretNotStorableError when it cannot. */
export function storableSecret(raw: string): string {
  const secret = raw.trim();
  if (secret.length === 0) throw new SecretNotStorableError('it is empty');
  if (secret.length > SECRET_MAX)
    throw new SecretNotStorableError(`${secret.length} characters, more than ${SECRET_MAX}`);
  if (/\s/.test(secret)) throw new SecretNotStorableError('it contains spaces or line breaks');
  return secret;
}

/** The vault entry's fields for a key Venice just created. */
export function vaultFieldsOfCreated(
  created: { id: string; apiKey: string },
  label: string | null | undefined,
  fallbackLabel: string,
): { label: string; secret: string; veniceKeyId: string | null } {
  return {
    label: normaliseLabel(label, fallbackLabel),
    secret: storableSecret(created.apiKey),
    veniceKeyId: normaliseVeniceId(created.id),
  };
}
