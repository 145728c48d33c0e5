/**
 * The second step before revoking a key the extension itself uses (the management key, the
 * badge key), shared by every place that can revoke one: the popup's revoke and the leak window.
 * One wording everywhere, saying what stops working.
 */
import type { RefObject } from 'preact';
import { call } from '@/lib/messaging/client';
import type { StoredKeyMeta } from '@/lib/vault/types';

/** What this extension itself uses the key for; revoking it takes that away. */
export interface OwnUse {
  management: boolean;
  badge: boolean;
  /** The check itself failed. */
  unknown?: boolean;
}

/** The slice of a listed key the match needs. */
export interface KeyIdentity {
  apiKeyType: string;
  last6Chars: string;
}

/**
 * Whether the Venice key `id` is the vault entry the extension manages keys with, or the badge
 * key: the same match the background uses, by Venice id, else by type and last 6 characters.
 */
export function ownUseFrom(
  settings: { managementKeyId: string | null; badgeKeyId: string | null },
  stored: readonly Pick<StoredKeyMeta, 'entryId' | 'veniceKeyId' | 'type' | 'last6'>[],
  id: string,
  key: KeyIdentity | null,
): OwnUse {
  const entry =
    stored.find((e) => e.veniceKeyId === id) ??
    (key
      ? stored.find((e) => !e.veniceKeyId && e.type === key.apiKeyType && e.last6 === key.last6Chars)
      : undefined);
  if (!entry) return { management: false, badge: false };
  return {
    management: settings.managementKeyId === entry.entryId,
    badge: settings.badgeKeyId === entry.entryId,
  };
}

/**
 * Asks the background; a failed check counts as "maybe the management key", so the second
 * question is asked rather than the extension cut off silently.
 */
export async function ownUseOf(id: string, key: KeyIdentity | null): Promise<OwnUse> {
  try {
    const [settings, stored] = await Promise.all([call('settings.get'), call('vault.listKeys')]);
    return ownUseFrom(settings, stored, id, key);
  } catch {
    return { management: true, badge: false, unknown: true };
  }
}

export const needsSecondStep = (use: OwnUse): boolean => use.management || use.badge;

/** The alertdialog of the second step; the caller traps focus in `dialogRef` and focuses `safeRef`. */
export function OwnKeyRevokeDialog({
  name,
  use,
  idPrefix,
  level = 2,
  className,
  dialogRef,
  safeRef,
  onKeep,
  onRevoke,
}: {
  name: string;
  use: OwnUse;
  /** Unique in the page: the heading's and text's ids start with it. */
  idPrefix: string;
  level?: 2 | 3;
  className?: string;
  dialogRef: RefObject<HTMLElement | null>;
  safeRef: RefObject<HTMLButtonElement | null>;
  onKeep: () => void;
  onRevoke: () => void;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${idPrefix}-heading`}
      aria-describedby={`${idPrefix}-text`}
      class={className}
      ref={dialogRef}
    >
      <Heading id={`${idPrefix}-heading`}>Revoke the extension’s own key?</Heading>
      <div id={`${idPrefix}-text`}>
        <p>
          <strong>{name}</strong> is{' '}
          {use.unknown
            ? 'possibly a key this extension itself uses (it could not check)'
            : use.management && use.badge
              ? 'the key this extension manages your keys with, and the key on the toolbar badge'
              : use.management
                ? 'the key this extension manages your keys with'
                : 'the key on the toolbar badge'}
          . Once it is revoked:
        </p>
        <ul>
          {use.management && (
            <li>
              this extension can no longer list, create, edit or revoke keys, until you add another ADMIN key
              in the options;
            </li>
          )}
          {use.badge && <li>the toolbar badge stops showing a balance;</li>}
          <li>every app using it stops working too. This cannot be undone.</li>
        </ul>
      </div>
      <div class="actions">
        <button type="button" ref={safeRef} onClick={onKeep}>
          Keep the key
        </button>
        <button
          type="button"
          class="danger"
          onClick={onRevoke}
          aria-label={`Yes, revoke ${name} and lose that access`}
        >
          Revoke anyway
        </button>
      </div>
    </section>
  );
}
