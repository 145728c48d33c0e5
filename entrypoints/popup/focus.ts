/**
 * Where focus goes when the popup comes back to the key list. Sub-views replace the list, so
 * the control the user left from is gone by the time they return; the list puts focus back
 * on it (or, after a revoke, on the row that took the revoked row's place).
 */
import { signal } from '@preact/signals';

export type FocusRequest =
  /** The row itself, or one of its buttons. */
  | { kind: 'row'; id: string; control?: 'details' | 'revoke' }
  /** The row that followed `id` (the one just revoked), else the one before it. */
  | { kind: 'after'; id: string }
  /** The list's New key button (back from the create form). */
  | { kind: 'new-key' };

export const focusRequest = signal<FocusRequest | null>(null);

export function requestFocus(request: FocusRequest): void {
  focusRequest.value = request;
}
