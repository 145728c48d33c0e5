/**
 * Creating a key: once per request id, the secret into the vault before anyone sees it, and a
 * session record of each create so a page that lost its answer (a closed popup, a stopped
 * worker) can ask how it ended.
 */
import type { ErrorCode } from '@/lib/error-codes';
import { serializeError } from '@/lib/errors';
import { createQueue } from '@/lib/queue';
import { CREATE_RECORD_TTL_MS, type CreateRecord, createRecordsItem } from '@/lib/storage/key-cache';
import { VeniceError } from '@/lib/venice/errors';
import type { ApiKey, VeniceClient } from '@/lib/venice/types';
import { asAdmin, type KeyAccessService } from './access';
import type { KeyCacheWrites } from './cache-writes';
import { checkDraft } from './check-draft';
import type { KeyServiceDeps } from './deps';
import { CreateInterruptedError, CreateUnclearError } from './errors';
import { type KeySettingsDraft, toCreateInput } from './key-settings';
import { vaultFieldsOfCreated } from './normalise';
import type { CreateKeyResult, CreateOutcome, KeysOverview, VaultCopy } from './types';

export interface KeyCreateDeps extends Pick<KeyServiceDeps, 'getClient' | 'vault' | 'now'> {
  access: KeyAccessService;
  cache: KeyCacheWrites;
  /** After an interrupted create: Venice may have made the key, and the list will show it. */
  refresh(): Promise<KeysOverview>;
  badge(reason: string): void;
}

export type KeyCreateService = ReturnType<typeof createKeyCreateService>;

/** Venice's failures after which it may still have made the key (its answer lost or unreadable). */
const UNCLEAR_CREATE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'venice.server_error',
  'venice.network',
  'venice.timeout',
  'venice.malformed_response',
  'venice.unexpected_response',
]);

export function createKeyCreateService(deps: KeyCreateDeps) {
  const inflightCreates = new Map<string, Promise<CreateKeyResult>>();
  const recordsWrites = createQueue();

  function mutateRecords(change: (records: Record<string, CreateRecord>) => void): Promise<void> {
    return recordsWrites.run(async () => {
      const records = { ...(await createRecordsItem.getValue()) };
      const cutoff = deps.now() - CREATE_RECORD_TTL_MS;
      for (const [id, rec] of Object.entries(records)) {
        const at = rec.state === 'pending' ? rec.startedAt : rec.finishedAt;
        if (at < cutoff) delete records[id];
      }
      change(records);
      await createRecordsItem.setValue(records);
    });
  }

  /**
   * Creates a key once per request id. A second call with the same id joins the first (a double
   * click), or, after the worker restarted, answers from the session record without the secret.
   */
  function create(requestId: string, draft: KeySettingsDraft): Promise<CreateKeyResult> {
    const running = inflightCreates.get(requestId);
    if (running) return running;
    const run = createOnce(requestId, draft);
    inflightCreates.set(requestId, run);
    run.finally(() => inflightCreates.delete(requestId)).catch(() => undefined);
    return run;
  }

  async function createOnce(requestId: string, draft: KeySettingsDraft): Promise<CreateKeyResult> {
    const previous = (await createRecordsItem.getValue())[requestId];
    if (previous?.state === 'done')
      return { key: previous.key, secret: null, vaultCopy: previous.vaultCopy, vaultError: null };
    if (previous?.state === 'pending') {
      // Nobody in this worker is running it: the worker that was, stopped mid-request.
      const error = new CreateInterruptedError();
      await mutateRecords((records) => {
        records[requestId] = { state: 'failed', finishedAt: deps.now(), error: serializeError(error) };
      });
      void deps.refresh().catch(() => undefined);
      throw error;
    }
    checkDraft(draft, 'create', deps.now());
    const { entryId: ownerEntryId, secret: adminSecret } = await deps.access.requireAdmin();
    const client = await deps.getClient();
    await mutateRecords((records) => {
      records[requestId] = { state: 'pending', startedAt: deps.now() };
    });
    const input = toCreateInput(draft);
    let created: Awaited<ReturnType<VeniceClient['createApiKey']>>;
    try {
      created = await asAdmin(client.createApiKey(adminSecret, input));
    } catch (err) {
      const unclear = err instanceof VeniceError && UNCLEAR_CREATE.has(err.code);
      const reported = unclear ? new CreateUnclearError(err) : err;
      await mutateRecords((records) => {
        records[requestId] = { state: 'failed', finishedAt: deps.now(), error: serializeError(reported) };
      });
      // The list shows whether Venice made the key after all.
      if (unclear) void deps.refresh().catch(() => undefined);
      throw reported;
    }
    // Venice shows this secret once: it goes into the vault before anything else happens.
    let vaultCopy: VaultCopy | null = null;
    let vaultError = null;
    try {
      const meta = await deps.vault.addStoredKey({
        ...vaultFieldsOfCreated(created, input.description, 'Created key'),
        type: created.apiKeyType,
        source: 'created',
        verified: true,
      });
      vaultCopy = { entryId: meta.entryId, label: meta.label };
    } catch (err) {
      vaultError = serializeError(err);
    }
    const now = deps.now();
    const key: ApiKey = {
      id: created.id,
      apiKeyType: created.apiKeyType,
      description: created.description ?? input.description,
      createdAt: new Date(now).toISOString(),
      expiresAt: created.expiresAt,
      lastUsedAt: null,
      last6Chars: created.apiKey.slice(-6),
      consumptionLimits: created.consumptionLimits,
      limitPeriod: created.limitPeriod ?? input.limitPeriod ?? null,
      trailingSevenDays: null,
      currentPeriodUsage: null,
      modelPrivacy: input.modelPrivacy ?? 'ALL',
    };
    await mutateRecords((records) => {
      records[requestId] = { state: 'done', finishedAt: now, key, vaultCopy };
    });
    deps.cache.noteCreated(ownerEntryId, key);
    await deps.cache.mutateCache((cache) =>
      cache.ownerEntryId === ownerEntryId
        ? {
            ...cache,
            keys: [key, ...cache.keys.filter((k) => k.id !== key.id)],
            inVault: vaultCopy ? [key.id, ...cache.inVault] : cache.inVault,
          }
        : null,
    );
    deps.badge('key created');
    return { key, secret: created.apiKey, vaultCopy, vaultError };
  }

  async function createOutcome(requestId: string): Promise<CreateOutcome> {
    const record = (await createRecordsItem.getValue())[requestId];
    if (!record) return { state: 'unknown' };
    if (record.state === 'pending') return { state: 'pending', startedAt: record.startedAt };
    if (record.state === 'failed') return { state: 'failed', error: record.error };
    return { state: 'done', key: record.key, vaultCopy: record.vaultCopy };
  }

  return { create, createOutcome };
}
