/**
 * zod schemas for what the mint flow stores (checked on every load: storage is not trusted
 * to hold what we think) and for the wallet window's requests. Background only.
 */

import { lazy } from '@/lib/lazy';
import { API_KEY_TYPES, LIMIT_PERIODS, MODEL_PRIVACY_VALUES } from '@/lib/venice/validation';
import { z } from '@/lib/zod';
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
  () =>
    z
      .string()
      .check(z.regex(/^0x[0-9a-fA-F]{40}$/, 'Not an address')) as unknown as z.ZodMiniType<`0x${string}`>,
);
export const hexSchema = lazy(
  () => z.string().check(z.regex(/^0x[0-9a-fA-F]*$/, 'Not hex')) as unknown as z.ZodMiniType<`0x${string}`>,
);

export const walletInfoSchema = lazy(() =>
  z.object({
    uuid: z.string().check(z.minLength(1), z.maxLength(100)),
    name: z.string().check(z.minLength(1), z.maxLength(60)),
    rdns: z.string().check(z.maxLength(100)),
    icon: z.string().check(z.maxLength(MAX_ICON_CHARS)),
  }),
);

const limitsSchema = lazy(() => z.object({ usd: z.nullable(z.number()), diem: z.nullable(z.number()) }));

export const failureCodeSchema = lazy(() => z.enum(MINT_FAILURE_CODES));

/** The stake check's result: the one schema for the window's report and the stored flow. */
export const stakeSchema = lazy(() =>
  z.union([
    z.object({ kind: z.literal('staked'), amount: z.string().check(z.regex(/^\d{1,80}$/)) }),
    z.object({ kind: z.literal('skipped'), warning: z.string().check(z.maxLength(500)) }),
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
    description: z.optional(z.string().check(z.maxLength(64))),
    expiresAt: z.optional(z.string().check(z.maxLength(40))),
    consumptionLimit: z.optional(
      z.object({ usd: z.optional(z.nullable(z.number())), diem: z.optional(z.nullable(z.number())) }),
    ),
    limitPeriod: z.optional(z.enum(LIMIT_PERIODS)),
    modelPrivacy: z.optional(z.enum(MODEL_PRIVACY_VALUES)),
  }),
);

export const mintFlowSchema = lazy(() =>
  z.object({
    flowId: z.string(),
    step: z.enum(MINT_STEPS),
    transport: z.nullable(z.enum(['metamask', 'injected'])),
    tabId: z.nullable(z.number().check(z.int())),
    documentId: z.optional(z.nullable(z.string().check(z.maxLength(100)))),
    wallets: z.array(walletInfoSchema()).check(z.maxLength(MAX_WALLETS)),
    wallet: z.nullable(walletInfoSchema()),
    address: z.nullable(addressSchema()),
    stake: z.nullable(stakeSchema()),
    settings: z.nullable(mintSettingsSchema()),
    token: z.nullable(z.object({ value: z.string(), receivedAt: z.number(), expiresAt: z.number() })),
    request: z.nullable(
      z.object({
        requestId: z.string(),
        method: z.enum(['eth_requestAccounts', 'personal_sign']),
        tabId: z.nullable(z.number().check(z.int())),
        startedAt: z.number(),
        reply: z.nullable(replySchema()),
      }),
    ),
    attempt: z.nullable(
      z.object({ attemptId: z.string(), startedAt: z.number(), workerInstance: z.string() }),
    ),
    result: z.nullable(
      z.object({
        veniceKeyId: z.string(),
        apiKeyType: z.enum(API_KEY_TYPES),
        label: z.string(),
        last6: z.string(),
        entryId: z.nullable(z.string()),
        limits: limitsSchema(),
        limitsSource: z.enum(['venice', 'echo']),
        limitPeriod: z.nullable(z.enum(LIMIT_PERIODS)),
        expiresAt: z.nullable(z.string()),
        mintedAt: z.number(),
      }),
    ),
    failure: z.nullable(
      z.object({
        code: failureCodeSchema(),
        message: z.string(),
        retryable: z.boolean(),
        at: z.enum(MINT_STEPS),
        walletWords: z.optional(z.string().check(z.maxLength(WALLET_WORDS_MAX))),
      }),
    ),
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
      z.object({
        type: z.literal('preflightSkipped'),
        warning: z.string().check(z.minLength(1), z.maxLength(500)),
      }),
      z.object({
        type: z.literal('accountsChanged'),
        accounts: z.array(z.string().check(z.maxLength(100))).check(z.maxLength(100)),
      }),
      /** A wallet-side failure the window met (rejection, not installed, signature mismatch…). */
      z.object({
        type: z.literal('fail'),
        code: failureCodeSchema(),
        message: z.string().check(z.minLength(1), z.maxLength(1000)),
        retryable: z.boolean(),
        walletWords: z.optional(z.string().check(z.maxLength(WALLET_WORDS_MAX))),
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
