import { lazy } from '@/lib/lazy';
import { z } from '@/lib/zod';
import type { Transport } from '../request';

/** GET /api_keys/generate_web3_key → the JWT to sign, verbatim. */
export const web3TokenResponse = lazy(() =>
  z.pipe(
    z.object({ data: z.object({ token: z.string().check(z.minLength(1), z.maxLength(8192)) }) }),
    z.transform((v) => v.data.token),
  ),
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
