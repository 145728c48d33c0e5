/**
 * zod schemas for what the mint flow stores (checked on every load: storage is not trusted
 * to hold what we think) and for the wallet window's requests. Background only.
 */
import { z } from 'zod';
import { lazy } from '@/lib/lazy';
import { API_KEY_TYPES, LIMIT_PERIODS, MODEL_PRIVACY_VALUES } from '@/lib/venice/validation';
import { WALLET_WORDS_MAX } from './failures';
import {
  MAX_ICON_CHARS,
  MAX_WALLETS,
  MINT_FAILURE_CODES,
  MINT_REPORT_TYPES,
  MINT_STEPS,
  type MintFlow,
  type MintReport,
} from './flow';

export const addressSchema = lazy(
  () => z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'Not an address') as unknown as z.ZodType<`0x${string}`>,
);
export const hexSchema = lazy(
  () => z.string().regex(/^0x[0-9a-fA-F]*$/, 'Not hex') as unknown as z.ZodType<`0x${string}`>,
);

export const walletInfoSchema = lazy(() =>
  z.object({
    uuid: z.string().min(1).max(100),
    name: z.string().min(1).max(60),
    rdns: z.string().max(100),
    icon: z.string().max(MAX_ICON_CHARS),
  }),
);

const limitsSchema = lazy(() => z.object({ usd: z.number().nullable(), diem: z.number().nullable() }));

export const failureCodeSchema = lazy(() => z.enum(MINT_FAILURE_CODES));

/** The stake check's result: the one schema for the window's report and the stored flow. */
export const stakeSchema = lazy(() =>
  z.union([
    z.object({ kind: z.literal('staked'), amount: z.string().regex(/^\d{1,80}$/) }),
    z.object({ kind: z.literal('skipped'), warning: z.string().max(500) }),
  ]),
);

const replySchema = lazy(() =>
  z.union([
    z.object({ ok: z.literal(true), result: z.union([z.array(z.string()), hexSchema()]) }),
    z.object({
      ok: z.literal(false),
      error: z.object({ code: z.union([z.number(), z.string()]), message: z.string() }),
    }),
  ]),
);

export const mintSettingsSchema = lazy(() =>
  z.object({
    apiKeyType: z.enum(API_KEY_TYPES),
    description: z.string().max(64).optional(),
    expiresAt: z.string().max(40).optional(),
    consumptionLimit: z
      .object({ usd: z.number().nullable().optional(), diem: z.number().nullable().optional() })
      .optional(),
    limitPeriod: z.enum(LIMIT_PERIODS).optional(),
    modelPrivacy: z.enum(MODEL_PRIVACY_VALUES).optional(),
  }),
);

export const mintFlowSchema = lazy(() =>
  z.object({
    flowId: z.string(),
    step: z.enum(MINT_STEPS),
    transport: z.enum(['metamask', 'injected']).nullable(),
    tabId: z.number().int().nullable(),
    documentId: z.string().max(100).nullable().optional(),
    wallets: z.array(walletInfoSchema()).max(MAX_WALLETS),
    wallet: walletInfoSchema().nullable(),
    address: addressSchema().nullable(),
    stake: stakeSchema().nullable(),
    settings: mintSettingsSchema().nullable(),
    token: z.object({ value: z.string(), receivedAt: z.number(), expiresAt: z.number() }).nullable(),
    request: z
      .object({
        requestId: z.string(),
        method: z.enum(['eth_requestAccounts', 'personal_sign']),
        tabId: z.number().int().nullable(),
        startedAt: z.number(),
        reply: replySchema().nullable(),
      })
      .nullable(),
    attempt: z
      .object({ attemptId: z.string(), startedAt: z.number(), workerInstance: z.string() })
      .nullable(),
    result: z
      .object({
        veniceKeyId: z.string(),
        apiKeyType: z.enum(API_KEY_TYPES),
        label: z.string(),
        last6: z.string(),
        entryId: z.string().nullable(),
        limits: limitsSchema(),
        limitsSource: z.enum(['venice', 'echo']),
        limitPeriod: z.enum(LIMIT_PERIODS).nullable(),
        expiresAt: z.string().nullable(),
        mintedAt: z.number(),
      })
      .nullable(),
    failure: z
      .object({
        code: failureCodeSchema(),
        message: z.string(),
        retryable: z.boolean(),
        at: z.enum(MINT_STEPS),
        walletWords: z.string().max(WALLET_WORDS_MAX).optional(),
      })
      .nullable(),
    updatedAt: z.number(),
  }),
);

/**
 * The schema and the `MintFlow` type must describe the same thing: this line stops compiling
 * when either changes without the other (no cast hides a difference).
 */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const schemaIsMintFlow: Same<z.output<ReturnType<typeof mintFlowSchema>>, MintFlow> = true;
void schemaIsMintFlow;

/**
 * What the wallet window may report (`mint.report`): one of the flow's own events, those named
 * in MINT_REPORT_TYPES. A report of any other type (a token, a request, the POST's answer) is
 * refused here, naming the types that may be reported.
 */
export const mintReportSchema = lazy(() =>
  z.discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('connected'), address: addressSchema(), wallet: walletInfoSchema() }),
      z.object({ type: z.literal('preflightStarted') }),
      z.object({ type: z.literal('preflightDone'), stake: stakeSchema() }),
      /** Only after the Base RPC could not be read. */
      z.object({ type: z.literal('preflightSkipped'), warning: z.string().min(1).max(500) }),
      z.object({
        type: z.literal('accountsChanged'),
        accounts: z.array(z.string().max(100)).max(100),
      }),
      /** A wallet-side failure the window met (rejection, not installed, signature mismatch…). */
      z.object({
        type: z.literal('fail'),
        code: failureCodeSchema(),
        message: z.string().min(1).max(1000),
        retryable: z.boolean(),
        walletWords: z.string().max(WALLET_WORDS_MAX).optional(),
      }),
    ],
    { error: () => `Not a mint report: the type must be one of ${MINT_REPORT_TYPES.join(', ')}.` },
  ),
);
// The same check for the report: a type added to MINT_REPORT_TYPES (or an event's fields
// changed) without its schema here stops compiling.
const schemaIsMintReport: Same<z.output<ReturnType<typeof mintReportSchema>>, MintReport> = true;
void schemaIsMintReport;

export { keySettingsDraftSchema } from '@/lib/keys/draft-schema';
