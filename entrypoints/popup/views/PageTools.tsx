import type { PopupState } from '../state';
import { FillOnPage } from './FillOnPage';
import { ScanPageButton } from './ScanPage';

export { watchSites } from '../sites-watch';

/** The toolbar's actions on the tab under the popup: scan it for keys, fill a new key into it. */
export function PageTools({ state }: { state: PopupState }) {
  return (
    <>
      <ScanPageButton state={state} />
      <FillOnPage />
    </>
  );
}
