import { lazy } from '@/lib/lazy';
import { method } from '@/lib/messaging/define';
import { z } from '@/lib/zod';
import { keySettingsDraftSchema as draftSchema } from './draft-schema';
import { getKeyService } from './index';

/** The shell holds the first page of rows (50): far below this; beyond it, nothing is saved. */
const SHELL_MAX = 400_000;
const keyIdInput = lazy(() => z.string().check(z.minLength(1), z.maxLength(200)));
/** Made by the page when a create form opens; the same id never creates two keys. */
const requestIdInput = lazy(() => z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'Not a request id')));

export const keysApi = {
  /** The cached list, its age, the access state and vault marks: no network, for the first paint. */
  'keys.list': method(() => getKeyService().overview()),
  /**
   * Asks Venice for the list and balance now; a failure is reported in `list.refreshError`.
   * With `since` (a page's opening moment), a refresh already asked for since then answers.
   */
  'keys.refresh': method(
    () => z.optional(z.object({ since: z.optional(z.number().check(z.nonnegative())) })),
    (input) => getKeyService().refresh(input?.since === undefined ? {} : { since: input.since }),
  ),
  /** The popup's markup of the list it drew from the cache of `fetchedAt`, for its next opening. */
  'keys.saveShell': method(
    () => z.object({ fetchedAt: z.number(), html: z.string().check(z.maxLength(SHELL_MAX)) }),
    ({ fetchedAt, html }) => getKeyService().saveShell(fetchedAt, html),
  ),
  'keys.detail': method(
    () => z.object({ id: keyIdInput() }),
    ({ id }) => getKeyService().detail(id),
  ),
  'keys.create': method(
    () => z.object({ requestId: requestIdInput(), draft: draftSchema() }),
    ({ requestId, draft }) => getKeyService().create(requestId, draft),
  ),
  'keys.createOutcome': method(
    () => z.object({ requestId: requestIdInput() }),
    ({ requestId }) => getKeyService().createOutcome(requestId),
  ),
  'keys.update': method(
    () => z.object({ id: keyIdInput(), original: draftSchema(), draft: draftSchema() }),
    ({ id, original, draft }) => getKeyService().update(id, original, draft),
  ),
  'keys.revoke': method(
    () => z.object({ id: keyIdInput() }),
    ({ id }) => getKeyService().revoke(id),
  ),
  'keys.breaches': method(() => getKeyService().breaches()),
  'keys.ownLimits': method(() => getKeyService().ownLimits()),
};
