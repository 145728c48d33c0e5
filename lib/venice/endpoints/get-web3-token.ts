import { z } from 'zod';
import { lazy } from '@/lib/lazy';
import type { Transport } from '../request';

/** GET /api_keys/generate_web3_key → the JWT to sign, verbatim. */
export const web3TokenResponse = lazy(() =>
  z.object({ data: z.object({ token: z.string().min(1).max(8192) }) }).transform((v) => v.data.token),
);

/** GET /api_keys/generate_web3_key, with no credentials: a JWT valid 15 minutes, to sign verbatim. */
export async function getWeb3Token(transport: Transport): Promise<string> {
  return transport.request({
    method: 'GET',
    path: '/api_keys/generate_web3_key',
    endpoint: 'GET /api_keys/generate_web3_key',
    schema: web3TokenResponse,
  });
}
