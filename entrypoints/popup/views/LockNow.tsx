import { useAction } from '@/components/useAction';
import { call } from '@/lib/messaging/client';
import type { PopupState } from '../state';

/** Locks the vault at once; the background forgets the key material and the popup shows the unlock form. */
export function LockNow({ state }: { state: PopupState }) {
  const locking = useAction(async () => {
    await call('vault.lock');
    await state.load();
  });
  return (
    <>
      <button type="button" class="lock-now" onClick={() => void locking.run()} disabled={locking.busy}>
        Lock now
      </button>
      {locking.error && (
        <p class="error lock-now__error" role="alert">
          Could not lock the vault: {locking.error.message}
        </p>
      )}
    </>
  );
}
