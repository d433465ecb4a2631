import { performance } from 'node:perf_hooks';

/** Middle value of `samples` (mean of the two middle ones for an even count). Throws on an empty list. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `once` `times` times one after another and returns each run's wall time (ms). */
export async function timeEach(times: number, once: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const started = performance.now();
    await once();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** Wall time (ms) and CPU time of this whole process, all threads (ms), spent running `work`. */
export async function wallAndCpu(work: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** `ms` with a precision that suits its size: 0.42 ms, 4.2 ms, 42 ms, 420 ms. */
export function formatMs(ms: number): string {
  return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
}

/** A ratio as `0.42×`, `4.2×` or `420×`. */
export function formatRatio(ratio: number): string {
  return `${ratio < 10 ? ratio.toFixed(2) : ratio < 100 ? ratio.toFixed(1) : ratio.toFixed(0)}×`;
}

/** One line of the printed table: what was measured, its absolute value, its ratio and to what. */
export interface Row {
  measure: string;
  value: string;
  ratio: string;
  against: string;
}

/** The rows as an aligned plain-text table with a header. */
export function table(rows: readonly Row[]): string {
  const header: Row = { measure: 'measure', value: 'value', ratio: 'ratio', against: 'against' };
  const all = [header, ...rows];
  const width = (key: keyof Row) => Math.max(...all.map((row) => row[key].length));
  const [m, v, r] = [width('measure'), width('value'), width('ratio')];
  const line = (row: Row) => `${row.measure.padEnd(m)}  ${row.value.padStart(v)}  ${row.ratio.padStart(r)}  ${row.against}`.trimEnd();
  return [line(header), '-'.repeat(m + v + r + width('against') + 6), ...rows.map(line)].join('\n');
}

/** The `p`-th percentile (0 < p ≤ 100) of `samples` by the nearest-rank method. Throws on an empty list. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

/** `percentile`, or NaN for no samples (a run that delivered nothing still reports). */
export function percentileOrNaN(samples: readonly number[], p: number): number {
  return samples.length === 0 ? NaN : percentile(samples, p);
}

/** `bytes` in kB (1,000 bytes, as Vite's build report): 4.2 kB, 142.0 kB. */
export function formatKb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

/** A GitHub-flavoured Markdown table; `|` inside a cell is escaped. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
