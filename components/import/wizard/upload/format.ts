const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** A file size for people, in the locale's words ("300 MB", "300 Mo"), 1 KB = 1,024 bytes as the server counts. */
export function formatFileSize(bytes: number, locale: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit', unit: UNITS[unit], unitDisplay: unit === 0 ? 'long' : 'short', maximumFractionDigits: unit === 0 || value >= 100 ? 0 : 1,
  }).format(value);
}

/** The share of `total` done, as the locale writes a percentage ("42%", "42 %"). */
export function formatPercent(done: number, total: number, locale: string): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(Math.floor(fraction * 100) / 100);
}
