import type { Transport } from '../request';
import { web3TokenResponse } from '../schemas';

/** GET /api_keys/generate_web3_key, with no credentials: a JWT valid 15 minutes, to sign verbatim. */
export async function getWeb3Token(transport: Transport): Promise<string> {
  return transport.request({
    method: 'GET',
    path: '/api_keys/generate_web3_key',
    endpoint: 'GET /api_keys/generate_web3_key',
    schema: web3TokenResponse,
  });
}
