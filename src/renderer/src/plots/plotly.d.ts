// The slice of the Plotly API the renderer uses; the dist bundle ships no types. The strict
// bundle is used because it draws WebGL traces without eval, so the page keeps a CSP without 'unsafe-eval'.
declare module 'plotly.js-strict-dist-min' {
  export type Datum = number | string | null;
  export interface PlotData {
    type?: string;
    mode?: string;
    x?: Datum[];
    y?: Datum[];
    z?: Datum[][];
    name?: string;
    [key: string]: unknown;
  }
  export interface Layout {
    [key: string]: unknown;
  }
  export interface Config {
    [key: string]: unknown;
  }
  export function react(root: HTMLElement, data: PlotData[], layout?: Layout, config?: Config): Promise<HTMLElement>;
  export function purge(root: HTMLElement): void;
  export const Plots: { resize(root: HTMLElement): void };
  const Plotly: { react: typeof react; purge: typeof purge; Plots: typeof Plots };
  export default Plotly;
}
