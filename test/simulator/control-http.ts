/**
 * The control API over HTTP, for the demo CLI and other processes:
 * `POST /_control/<operation>` with a JSON object of arguments (GET works too, with the
 * arguments in the query string). Answers JSON; bigints become decimal strings.
 *
 *   createAccount {walletAddress?, balances?}      → {accountId, adminKeyId, adminKey}
 *   addKey {accountId, apiKeyType?, …}             → {id, secret, last6Chars, apiKeyType}
 *   setBalances {accountId, USD?, DIEM?, …}        → balances
 *   recordUsage {keyId, amount, currency, …}       → {ok: true}
 *   addBreach {accountId, apiKeyId, modelId, …}    → the entry
 *   setStake {address, amount: "<decimal sVVV>"}   → {ok: true}
 *   advance {ms}                                   → {now, iso}
 *   now                                            → {now, iso}
 *   configure {<setting>: value}                   → the config
 *   addFault {method?, path, kind, …, times?}      → {id}
 *   clearFaults {id?}                              → {ok: true}
 *   setWireQuirks {keyId, quirks: {key?, rateLimits?} | null} → {ok: true}
 *   faults                                         → rules
 *   releaseHeld                                    → {released}
 *   requestLog                                     → entries
 *   clearRequestLog, reset                         → {ok: true}
 *   account {accountId}, accountForWallet {address}, key {keyId}
 *   seedDemo                                       → the demo seed (see seed.ts)
 */
import { iso } from './clock';
import type { SimulatorControl } from './control';
import type { Reply } from './http';
import { seedDemo } from './seed';
import { ControlError } from './state';

type Args = Record<string, unknown>;

function str(args: Args, name: string): string {
  const value = args[name];
  if (typeof value !== 'string') throw new ControlError(`${name} (string) is required`);
  return value;
}

function num(args: Args, name: string): number {
  const value = typeof args[name] === 'string' ? Number(args[name]) : args[name];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ControlError(`${name} (number) is required`);
  return value;
}

const ok = { ok: true };

export async function handleControl(
  control: SimulatorControl,
  operation: string,
  args: Args,
): Promise<Reply> {
  const operations: Record<string, () => unknown> = {
    createAccount: () => control.createAccount(args as never),
    addKey: () => control.addKey(args as never),
    setBalances: () => {
      const { accountId, ...balances } = args;
      if (typeof accountId !== 'string') throw new ControlError('accountId (string) is required');
      return control.setBalances(accountId, balances as never);
    },
    recordUsage: () => {
      control.recordUsage(args as never);
      return ok;
    },
    addBreach: () => control.addBreach(args as never),
    setStake: () => {
      const amount = args.amount;
      if (typeof amount !== 'string' && typeof amount !== 'number') {
        throw new ControlError('amount (decimal sVVV string) is required');
      }
      control.setStake(str(args, 'address'), String(amount));
      return ok;
    },
    advance: () => {
      const now = control.advance(num(args, 'ms'));
      return { now, iso: iso(now) };
    },
    now: () => ({ now: control.now(), iso: iso(control.now()) }),
    configure: () => control.configure(args as never),
    addFault: () => control.addFault(args as never),
    clearFaults: () => {
      control.clearFaults(typeof args.id === 'string' ? args.id : undefined);
      return ok;
    },
    faults: () => control.faults(),
    releaseHeld: () => ({ released: control.releaseHeld() }),
    setWireQuirks: () => {
      control.setWireQuirks(str(args, 'keyId'), (args.quirks ?? null) as never);
      return ok;
    },
    requestLog: () => control.requestLog(),
    clearRequestLog: () => {
      control.clearRequestLog();
      return ok;
    },
    reset: () => {
      control.reset();
      return ok;
    },
    account: () => control.account(str(args, 'accountId')),
    accountForWallet: () => control.accountForWallet(str(args, 'address')),
    key: () => control.key(str(args, 'keyId')),
    seedDemo: () => seedDemo({ control }),
  };
  const run = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
  if (!run) return { status: 404, body: { error: `Unknown control operation ${operation}` } };
  try {
    const result = await run();
    return { status: 200, body: JSON.parse(JSON.stringify(result ?? ok, bigintToString)) };
  } catch (error) {
    if (error instanceof ControlError) return { status: 400, body: { error: error.message } };
    throw error;
  }
}

function bigintToString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
