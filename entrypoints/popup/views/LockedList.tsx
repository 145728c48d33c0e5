import { Ago } from '@/components/Ago';
import type { PopupState } from '../state';
import { KeyList } from './KeyList';

/** While locked: the last known list, greyed and read-only, with its age. */
export function LockedList({ state }: { state: PopupState }) {
  const overview = state.overview.value;
  if (!overview) return null;
  const { list } = overview;
  return (
    <>
      <p class="muted">
        The last known list
        {list.fetchedAt !== null && (
          <>
            , from <Ago at={list.fetchedAt} />
          </>
        )}
        . Unlock to refresh or change keys.
      </p>
      <KeyList state={state} keys={list.keys} inVault={new Set()} stale readOnly />
    </>
  );
}
