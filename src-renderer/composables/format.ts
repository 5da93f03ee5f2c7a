/** Compact engineering formatting for tables: 1.23 M, 456 k. */
export function si(n: number, digits = 3): string {
  const a = Math.abs(n);
  if (a >= 1e9) return (n / 1e9).toPrecision(digits) + ' G';
  if (a >= 1e6) return (n / 1e6).toPrecision(digits) + ' M';
  if (a >= 1e4) return (n / 1e3).toPrecision(digits) + ' k';
  return Number.isInteger(n) ? String(n) : n.toPrecision(digits);
}

export const shape = (s?: Array<number | string>): string => (s ? `[${s.join('×')}]` : '?');
