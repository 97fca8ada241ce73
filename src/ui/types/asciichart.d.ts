/** Types for asciichart 1.5 (the package ships none): only what the chart panel uses. */
declare module 'asciichart' {
  export interface PlotConfig {
    height?: number;
    offset?: number;
    padding?: string;
    format?: (x: number, i: number) => string;
    colors?: string[];
    min?: number;
    max?: number;
  }
  export function plot(series: readonly number[] | readonly (readonly number[])[], cfg?: PlotConfig): string;
  const asciichart: { plot: typeof plot };
  export default asciichart;
}
