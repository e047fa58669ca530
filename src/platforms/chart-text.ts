import type { MessageChart } from '../bot/types.js';

/** Bars this many blocks long stand for the largest value (or 100 for a percentage). */
const BAR_WIDTH = 10;

/**
 * A chart as lines of text bars, for platforms that cannot draw one:
 * "3月4日 ████████░░ 80%". A percentage is scaled to 100, anything else to its largest value.
 */
export function chartTextLines(chart: MessageChart): string[] {
  const max = chart.unit === '%' ? 100 : Math.max(0, ...chart.points.map((p) => p.value));
  const labelWidth = Math.max(0, ...chart.points.map((p) => [...p.label].length));
  return [
    chart.title,
    ...chart.points.map((p) => {
      const filled = max <= 0 ? 0 : Math.max(0, Math.min(BAR_WIDTH, Math.round((p.value / max) * BAR_WIDTH)));
      const label = p.label + '\u3000'.repeat(Math.max(0, labelWidth - [...p.label].length));
      return `${label} ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${p.value}${chart.unit ?? ''}`;
    }),
  ];
}
