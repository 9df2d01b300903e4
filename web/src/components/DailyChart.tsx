// Counts per day as a uPlot chart, with the same numbers in a table for screen readers
// and for people who would rather read them.
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { theme } from "../state/theme";

export interface Series {
  label: string;
  values: number[];
  colour: string;  // a CSS variable's name, e.g. "--accent"
}

interface Props {
  title: string;
  days: string[];  // YYYY-MM-DD, oldest first
  series: Series[];
}

function cssColour(variable: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(variable).trim() || "#888";
}

export function DailyChart({ title, days, series }: Props) {
  const box = useRef<HTMLDivElement>(null);
  // The colours are the theme's: drawn again when it changes.
  const shown = theme.value;
  useEffect(() => {
    if (!box.current || days.length === 0) return;
    const times = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
    const text = cssColour("--text-muted");
    const axis = { stroke: text, grid: { stroke: cssColour("--border"), width: 1 }, ticks: { show: false } };
    const chart = new uPlot(
      {
        width: Math.max(320, box.current.clientWidth),
        height: 220,
        series: [
          {},
          ...series.map((s) => ({ label: s.label, stroke: cssColour(s.colour), width: 2, points: { show: true, size: 5 } })),
        ],
        axes: [axis, axis],
        // One day alone would otherwise spread over years; counts start at zero.
        scales: {
          x: { time: true, auto: false, range: [(times[0] ?? 0) - 43200, (times[times.length - 1] ?? 0) + 43200] },
          y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
        },
        legend: { show: true },
      },
      [times, ...series.map((s) => s.values)],
      box.current,
    );
    return () => chart.destroy();
  }, [days.join(), series.map((s) => s.values.join()).join("|"), shown]);

  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} aria-hidden="true" />
      <details>
        <summary>The numbers</summary>
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d, i) => (
              <tr key={d}>
                <td>{d}</td>
                {series.map((s) => (
                  <td key={s.label}>{s.values[i]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
