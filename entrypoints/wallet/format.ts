import { type MintFlow, STEP_LABELS } from '@/lib/wallet/flow';

/** "1,250.5" from sVVV wei (18 decimals) as a decimal string; rounded down to 4 decimals. */
export function formatStakeAmount(wei: string): string {
  if (!/^\d+$/.test(wei)) return wei;
  const value = BigInt(wei);
  const unit = 10n ** 18n;
  const whole = value / unit;
  const fraction = ((value % unit) / 10n ** 14n).toString().padStart(4, '0').replace(/0+$/, '');
  return `${whole.toLocaleString('en-US')}${fraction ? `.${fraction}` : ''}`;
}

/**
 * The step as the window shows it. The flow stays in `connected`/`preflight` until the token is
 * asked for, but once the stake is known the person is filling in the key's settings, not
 * waiting for a stake check.
 */
export function stepLabel(flow: MintFlow): string {
  if ((flow.step === 'connected' || flow.step === 'preflight') && flow.stake !== null)
    return 'Choosing the new key’s settings';
  return STEP_LABELS[flow.step];
}

/** The host of the configured Venice site ("venice.ai", "127.0.0.1:5173"), or the text as given. */
export function siteHost(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
