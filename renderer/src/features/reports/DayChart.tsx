/**
 * Applications per day as bars, drawn by chart.js on a canvas. Only the bar chart's parts are
 * registered, so the bundle carries nothing else of chart.js. chart.js sizes the canvas through
 * its style object (CSSOM), which the page's CSP allows; it runs no eval and injects no <style>.
 * The canvas is an image with a text alternative; the same figures are in the table below it.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import { dayMonth, formatCount } from './report-format';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

type Props = {
  days: readonly { date: string; count: number }[];
  /** The dataset's name (tooltip). */
  label: string;
  /** The text alternative of the picture. */
  description: string;
  testId?: string;
};

/** A colour of the stylesheet (custom property), so the chart matches the interface. */
const cssColor = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

export function DayChart({ days, label, description, testId = 'reports-chart' }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const text = cssColor('--text', '#14202c');
    const muted = cssColor('--muted', '#46525f');
    const grid = cssColor('--border', '#c5ced8');
    const chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: days.map((d) => dayMonth(d.date)),
        datasets: [
          {
            label,
            data: days.map((d) => d.count),
            backgroundColor: cssColor('--primary', '#1f4e8c'),
            hoverBackgroundColor: cssColor('--primary-hover', '#163c6d'),
            borderRadius: 3,
            maxBarThickness: 36,
          },
        ],
      },
      options: {
        // Drawn at once: nothing moves for the clerk, a print or a screenshot.
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        font: { family: getComputedStyle(document.body).fontFamily, size: 13 },
        color: text,
        plugins: {
          tooltip: {
            displayColors: false,
            callbacks: {
              title: (items) => items.map((item) => days[item.dataIndex]?.date.split('-').reverse().join('.') ?? '').join(', '),
              label: (item) => `${label}: ${formatCount(Number(item.raw))}`,
            },
          },
        },
        scales: {
          x: { grid: { display: false }, ticks: { color: muted, autoSkip: true, maxRotation: 0 } },
          y: { beginAtZero: true, grid: { color: grid }, border: { display: false }, ticks: { color: muted, precision: 0 } },
        },
      },
    });
    return () => chart.destroy();
  }, [days, label]);

  return (
    <div className="reports-chart">
      <canvas ref={canvasRef} role="img" aria-label={description} data-testid={testId} />
    </div>
  );
}
