/**
 * A chart drawn by ECharts with its SVG renderer. Only the pieces used here are registered (bar, line,
 * pie; grid, tooltip, legend), so the dashboard's chunk carries a fraction of the library. The chart is
 * an image to screen readers (its label says what it shows); the table under it gives the figures.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export function Chart({ option, label, id }: { option: ChartOption; label: string; id: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: 'svg' });
    chart.current = c;
    // Follows the width of its box (a phone turned, a window resized).
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el.current!);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={el} id={id} className="chart" role="img" aria-label={label} />;
}
