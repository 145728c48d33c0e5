import { VeniceInvalidInputError } from '../errors';

/** Path segments that are other endpoints, so an id must never equal them. */
const RESERVED = new Set(['rate_limits', 'generate_web3_key']);

/**
 * Venice key ids are UUIDs; we accept any short [A-Za-z0-9_-] token so a format change at
 * Venice does not lock users out, but nothing that could change the path.
 */
export function checkKeyId(id: string, endpoint: string): string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(id) || RESERVED.has(id)) {
    throw new VeniceInvalidInputError([{ field: 'id', message: 'That is not a Venice API key id.' }], {
      endpoint,
    });
  }
  return id;
}
