/** Fault injection per route: latency, any status, 429 with Retry-After, malformed JSON, a dropped socket. */
import { randomUUID } from 'node:crypto';
import type { Reply } from './http';
import { ControlError, type SimulatorState } from './state';
import type { FaultInput, FaultKind, FaultRule } from './types';

function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`);
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method !== '*' && rule.method.toUpperCase() !== method) return false;
  return pathPattern(rule.path).test(path);
}

const FAULT_KINDS = ['latency', 'status', 'rate_limit', 'malformed_json', 'drop', 'hold'];

/** Waiting (non-final) kinds: applied before the one answering fault. */
const WAITS = new Set(['latency', 'hold']);

export function addFault(state: SimulatorState, input: FaultInput): FaultRule {
  if (typeof input?.path !== 'string' || input.path === '') throw new ControlError('A fault needs a path');
  if (!FAULT_KINDS.includes(input.kind)) throw new ControlError(`Unknown fault kind ${String(input.kind)}`);
  if (input.times !== undefined && (!Number.isInteger(input.times) || input.times < 1)) {
    throw new ControlError('times must be a positive integer');
  }
  let fault: FaultKind;
  switch (input.kind) {
    case 'latency':
      if (!Number.isFinite(input.ms) || input.ms < 0) throw new ControlError('latency needs ms ≥ 0');
      fault = { kind: 'latency', ms: input.ms };
      break;
    case 'status':
      if (!Number.isInteger(input.status) || input.status < 100 || input.status > 599) {
        throw new ControlError('status needs an HTTP status 100–599');
      }
      fault = { kind: 'status', status: input.status, body: input.body, headers: input.headers };
      break;
    case 'rate_limit':
      if (!Number.isFinite(input.retryAfterSeconds) || input.retryAfterSeconds < 0) {
        throw new ControlError('rate_limit needs retryAfterSeconds ≥ 0');
      }
      fault = { kind: 'rate_limit', retryAfterSeconds: input.retryAfterSeconds, body: input.body };
      break;
    case 'malformed_json':
      fault = { kind: 'malformed_json', status: input.status };
      break;
    case 'drop':
      fault = { kind: 'drop' };
      break;
    case 'hold':
      fault = { kind: 'hold' };
      break;
  }
  const rule: FaultRule = { id: randomUUID(), path: input.path, fault, hits: 0 };
  if (input.method) rule.method = input.method;
  if (input.times !== undefined) rule.times = input.times;
  state.faults.push(rule);
  return rule;
}

/** Lets every held request go on; returns how many were held. */
export function releaseHeld(state: SimulatorState): number {
  const waiting = state.held.splice(0);
  for (const release of waiting) release();
  return waiting.length;
}

export function clearFaults(state: SimulatorState, id?: string): void {
  state.faults = id === undefined ? [] : state.faults.filter((rule) => rule.id !== id);
}

/** Takes one use of a rule, and removes it once its `times` are spent. */
function consume(state: SimulatorState, rule: FaultRule): void {
  rule.hits += 1;
  if (rule.times !== undefined && rule.hits >= rule.times) clearFaults(state, rule.id);
}

export type FaultOutcome =
  | { kind: 'reply'; reply: Reply }
  | { kind: 'raw'; status: number; text: string }
  | { kind: 'drop' };

/**
 * Applies the faults matching a request: every matching latency (summed) and hold (until
 * released), then the first matching fault of another kind. Returns how to answer instead of
 * the route, or null.
 */
export async function applyFaults(
  state: SimulatorState,
  method: string,
  path: string,
  hit: (ruleId: string) => void,
): Promise<FaultOutcome | null> {
  const matching = state.faults.filter((rule) => matches(rule, method, path));
  let delayMs = 0;
  let hold = false;
  for (const rule of matching) {
    if (rule.fault.kind === 'latency') delayMs += rule.fault.ms;
    else if (rule.fault.kind === 'hold') hold = true;
    else continue;
    hit(rule.id);
    consume(state, rule);
  }
  if (hold) await new Promise<void>((resolve) => state.held.push(resolve));
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  const rule = matching.find((candidate) => !WAITS.has(candidate.fault.kind));
  if (!rule || !state.faults.includes(rule)) return null;
  hit(rule.id);
  consume(state, rule);
  const fault = rule.fault;
  switch (fault.kind) {
    case 'status':
      return {
        kind: 'reply',
        reply: {
          status: fault.status,
          body: fault.body === undefined ? { error: 'Simulated failure' } : fault.body,
          ...(fault.headers ? { headers: fault.headers } : {}),
        },
      };
    case 'rate_limit':
      return {
        kind: 'reply',
        reply: {
          status: 429,
          body: fault.body === undefined ? { error: 'Rate limit exceeded' } : fault.body,
          headers: { 'Retry-After': String(fault.retryAfterSeconds) },
        },
      };
    case 'malformed_json':
      return { kind: 'raw', status: fault.status ?? 200, text: '{"data": [{"id": "truncated' };
    case 'drop':
      return { kind: 'drop' };
    default:
      return null;
  }
}
