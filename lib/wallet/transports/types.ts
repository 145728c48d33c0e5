/**
 * What the wallet window needs from a wallet, whatever carries it. One implementation per
 * file: metamask.ts (extension to extension) and injected.ts (a wallet in a Venice tab).
 * Every method rejects with WalletRequestError (lib/wallet/failures.ts): the wallet's own
 * EIP-1193 code (4001 = the user rejected) or ours ('timeout', 'disconnected', …).
 */
import type { Address, Hex, TransportKind } from '../flow';

export interface SignRequest {
  /** The flow's pending request (the injected transport waits for its answer). */
  requestId: string;
  /** The exact token; the wallet signs its UTF-8 bytes (EIP-191 personal_sign). */
  message: string;
  address: Address;
  /** Stop waiting then (the token's end). */
  deadline: number;
}

export interface TransportEvents {
  accountsChanged: (accounts: string[]) => void;
  disconnect: () => void;
}

export interface WalletTransport {
  readonly kind: TransportKind;
  /** Asks the wallet to share an account; resolves with the first one. */
  connect(): Promise<Address>;
  /** The accounts the wallet shares now. */
  accounts(): Promise<Address[]>;
  sign(request: SignRequest): Promise<Hex>;
  /** Stops listening; later calls reject. */
  disconnect(): void;
  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): () => void;
}

/** How long a person gets to approve a connection in their wallet. */
export const CONNECT_TIMEOUT_MS = 5 * 60_000;
/** Quick requests (eth_accounts) that need no person. */
export const QUICK_TIMEOUT_MS = 15_000;
