/** "1,250.5" from sVVV wei (18 decimals) as a decimal string; rounded down to 4 decimals. */
export function formatStakeAmount(wei: string): string {
  if (!/^\d+$/.test(wei)) return wei;
  const value = BigInt(wei);
  const unit = 10n ** 18n;
  const whole = value / unit;
  const fraction = ((value % unit) / 10n ** 14n).toString().padStart(4, '0').replace(/0+$/, '');
  return `${whole.toLocaleString('en-US')}${fraction ? `.${fraction}` : ''}`;
}
