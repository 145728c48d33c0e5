import { lazy } from '@/lib/lazy';
import { z } from '@/lib/zod';
import type { Transport } from '../request';
import {
  apiKeyTypeWire,
  buildRequestBody,
  createFields,
  isoDateString,
  limitPeriodWire,
  limitsWire,
} from '../schemas';
import type { ApiKeyType, ConsumptionLimits, CreateApiKeyInput, CreatedApiKey } from '../types';

export const createApiKeyBody = lazy(() => z.strictObject(createFields()));

/** What the caller asked for: used where Venice's echo is missing or unusable. */
export interface CreatedKeyFallback {
  apiKeyType: ApiKeyType;
  description?: string;
  expiresAt?: string | null;
  consumptionLimit?: Partial<ConsumptionLimits>;
  limitPeriod?: CreatedApiKey['limitPeriod'];
  /**
   * Web3 mints: Venice's limit echo drops caps it did store (a DIEM-only cap and a USD cap
   * of 0 come back null, FACTS §3.8), so a cap we sent wins over the echo.
   */
  preferRequestedLimits?: boolean;
}

function mergeLimits(
  echo: ConsumptionLimits | undefined,
  requested: Partial<ConsumptionLimits> | undefined,
  preferRequested: boolean,
): ConsumptionLimits {
  const asked = { usd: requested?.usd, diem: requested?.diem };
  if (!echo) return { usd: asked.usd ?? null, diem: asked.diem ?? null };
  if (!preferRequested) return echo;
  return {
    usd: asked.usd !== undefined ? asked.usd : echo.usd,
    diem: asked.diem !== undefined ? asked.diem : echo.diem,
  };
}

/**
 * The secret must never be lost to a cosmetic field: `apiKey` and `id` are required, every
 * other field falls back to what was requested when Venice's echo is missing or malformed
 * (the web3 echo of limits is unreliable anyway, FACTS §3.8).
 */
export function createdApiKeyResponse(fallback: CreatedKeyFallback) {
  return z.pipe(
    z.object({
      data: z.object({
        id: z.string().check(z.minLength(1)),
        // Whitespace around a secret is never part of it (a line break would also break the header).
        apiKey: z.string().check(z.trim(), z.minLength(1), z.maxLength(1024)),
        apiKeyType: z.catch(z.optional(apiKeyTypeWire()), undefined),
        description: z.catch(z.nullish(z.string()), undefined),
        // Kept apart from nullableDate so that "missing" (→ what was requested) differs from null.
        expiresAt: z.catch(
          z.optional(z.union([isoDateString(), z.null(), z.literal(''), z.strictObject({})])),
          undefined,
        ),
        consumptionLimit: z.catch(z.optional(limitsWire()), undefined),
        consumptionLimits: z.catch(z.optional(limitsWire()), undefined),
        limitPeriod: z.catch(z.nullish(limitPeriodWire()), undefined),
      }),
    }),
    z.transform(({ data: v }): CreatedApiKey => {
      const requestedExpiry = fallback.expiresAt ? fallback.expiresAt : null;
      return {
        id: v.id,
        apiKey: v.apiKey,
        apiKeyType: v.apiKeyType ?? fallback.apiKeyType,
        description: v.description ?? fallback.description ?? null,
        expiresAt:
          v.expiresAt === undefined
            ? requestedExpiry
            : typeof v.expiresAt === 'string' && v.expiresAt
              ? v.expiresAt
              : null,
        consumptionLimits: mergeLimits(
          v.consumptionLimit ?? v.consumptionLimits,
          fallback.consumptionLimit,
          fallback.preferRequestedLimits === true,
        ),
        limitPeriod: v.limitPeriod ?? fallback.limitPeriod ?? null,
      };
    }),
  );
}

const endpoint = 'POST /api_keys';

/** POST /api_keys (ADMIN). Sent once, never retried: the response holds the only copy of the secret. */
export async function createApiKey(
  transport: Transport,
  secret: string,
  input: CreateApiKeyInput,
): Promise<CreatedApiKey> {
  const body = buildRequestBody(createApiKeyBody, input, endpoint);
  return transport.request({
    method: 'POST',
    path: '/api_keys',
    endpoint,
    secret,
    body,
    schema: createdApiKeyResponse(body),
  });
}
