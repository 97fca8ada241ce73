/** Plain-text tables for the human report (the --json report carries the same figures). */

/** Right-align numbers, left-align text; columns as wide as their widest cell. */
export function formatTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.every((r) => typeof r[i] === 'number'));
  const line = (r: readonly (string | number)[]): string =>
    r.map((c, i) => (numeric[i] ? String(c).padStart(widths[i] ?? 0) : String(c).padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(headers), rule, ...cells.slice(1).map(line)].join('\n');
}

/** Thousands separators for big counts, 2-3 significant decimals for small figures. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '-';
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(Math.abs(x) >= 1 ? 2 : 3);
}
