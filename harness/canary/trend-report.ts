import { canaryStages, stageNames, type CanaryRun } from './canary-run.js';
import type { RegressionCheck } from './verdict.js';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const colors: Record<string, string> = {
  timeToSignedIn: '#111827',
  signInPage: '#2563eb',
  sesAccepted: '#d97706',
  inboxArrival: '#059669',
  signedIn: '#7c3aed',
  signedOut: '#6b7280',
};

const size = { width: 960, height: 420, left: 70, right: 50, top: 20, bottom: 60 };

/**
 * The history as one HTML page that opens from a file (no server, no script from elsewhere):
 * each stage and the time to signed in over the runs, failed runs marked, the regression
 * check's window (and its baseline) shaded, and a table of the last runs with their identifiers.
 */
export function renderTrendReport(
  history: CanaryRun[],
  o: { regression?: RegressionCheck; title?: string } = {},
): string {
  const series = ['timeToSignedIn', ...canaryStages] as const;
  const value = (run: CanaryRun, key: (typeof series)[number]) =>
    key === 'timeToSignedIn' ? run.timeToSignedIn : run.stages[key];
  const max = Math.max(1000, ...history.flatMap((run) => series.map((k) => value(run, k) ?? 0)));
  const yMax = Math.ceil(max / 1000) * 1000;
  const plotW = size.width - size.left - size.right;
  const plotH = size.height - size.top - size.bottom;
  const x = (i: number) => size.left + (history.length <= 1 ? plotW / 2 : (i * plotW) / (history.length - 1));
  const y = (ms: number) => size.top + plotH - (ms / yMax) * plotH;
  const band = (runs: number[], fill: string, label: string) => {
    if (runs.length === 0) return '';
    const from = x(Math.min(...runs)) - 6;
    const to = x(Math.max(...runs)) + 6;
    return `<rect class="band" data-band="${label}" x="${from}" y="${size.top}" width="${to - from}" height="${plotH}" fill="${fill}"><title>${label}</title></rect>`;
  };
  const yTicks = Array.from({ length: 6 }, (_, i) => (yMax * i) / 5);
  const xEvery = Math.max(1, Math.ceil(history.length / 8));
  const regression = o.regression;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Canary sign-in stages over time" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}">`,
    regression ? band(regression.baselineRuns, '#e5e7eb', 'pinned baseline') : '',
    regression
      ? band(
          regression.windowRuns,
          regression.slower ? '#fecaca' : '#dbeafe',
          regression.slower ? 'regression window (slower)' : 'judged window',
        )
      : '',
    ...yTicks.map(
      (t) =>
        `<line x1="${size.left}" x2="${size.width - size.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e7eb"/><text x="${size.left - 8}" y="${y(t) + 4}" text-anchor="end" font-size="11">${(t / 1000).toFixed(1)}</text>`,
    ),
    ...history.flatMap((run, i) =>
      i % xEvery === 0 || i === history.length - 1
        ? [
            `<text x="${x(i)}" y="${size.top + plotH + 16}" text-anchor="middle" font-size="10">${esc(run.at.slice(5, 16).replace('T', ' '))}</text>`,
          ]
        : [],
    ),
    `<line x1="${size.left}" x2="${size.left}" y1="${size.top}" y2="${size.top + plotH}" stroke="#111827"/>`,
    `<line x1="${size.left}" x2="${size.width - size.right}" y1="${size.top + plotH}" y2="${size.top + plotH}" stroke="#111827"/>`,
    `<text class="axis-label" x="${size.left + plotW / 2}" y="${size.height - 12}" text-anchor="middle" font-size="13">run (start time, UTC)</text>`,
    `<text class="axis-label" transform="translate(16 ${size.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="13">duration (seconds)</text>`,
    ...series.map((key) => {
      const points = history.flatMap((run, i) => {
        const ms = value(run, key);
        return ms === undefined ? [] : [[x(i), y(ms), i, ms] as const];
      });
      const path = points.map(([px, py], j) => `${j === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
      return [
        `<g class="series" data-series="${key}">`,
        points.length > 1
          ? `<path d="${path}" fill="none" stroke="${colors[key]}" stroke-width="${key === 'timeToSignedIn' ? 2.5 : 1.5}"/>`
          : '',
        ...points.map(
          ([px, py, i, ms]) =>
            `<circle class="point" data-run="${i}" cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3.5" fill="${colors[key]}"><title>${esc(history[i]?.at ?? '')}: ${key} ${ms} ms</title></circle>`,
        ),
        '</g>',
      ].join('');
    }),
    ...history.flatMap((run, i) =>
      run.verdict === 'fail'
        ? [
            `<g class="failure" data-run="${i}"><line x1="${x(i)}" x2="${x(i)}" y1="${size.top}" y2="${size.top + plotH}" stroke="#dc2626" stroke-dasharray="4 3"/><text x="${x(i)}" y="${size.top + 12}" text-anchor="middle" fill="#dc2626" font-size="14" font-weight="bold">✕<title>${esc(`${run.at}: failed at ${run.failedStage ?? '?'}: ${run.error ?? ''}`)}</title></text></g>`,
          ]
        : [],
    ),
    '</svg>',
  ].join('\n');
  const legend = series
    .map(
      (key) =>
        `<span><i style="background:${colors[key]}"></i>${key === 'timeToSignedIn' ? 'time to signed in' : esc(stageNames[key])}</span>`,
    )
    .join('');
  const rows = history
    .slice(-20)
    .reverse()
    .map(
      (run) =>
        `<tr class="${run.verdict}"><td>${esc(run.at)}</td><td>${run.verdict}${run.failedStage ? ` at ${esc(run.failedStage)}` : ''}</td><td>${run.timeToSignedIn ?? '—'}</td><td>${esc(run.ids.sesMessageId ?? '—')}</td><td>${esc(run.ids.messageId ?? '—')}</td><td>${esc(run.ids.logtoLogId ?? '—')}</td><td>${esc(run.error ?? '')}</td></tr>`,
    )
    .join('\n');
  const failures = history.filter((r) => r.verdict === 'fail').length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(o.title ?? 'Logto sign-in canary')}</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#111827}
.legend span{margin-right:16px;white-space:nowrap}.legend i{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-1px}
table{border-collapse:collapse;margin-top:16px;font-size:12px}td,th{border:1px solid #e5e7eb;padding:4px 8px;text-align:left}
tr.fail td{background:#fef2f2}
</style></head><body>
<h1>${esc(o.title ?? 'Logto sign-in canary')}</h1>
<p>${history.length} runs, ${failures} failed${
    regression
      ? `; time to signed in, median of the last ${regression.windowRuns.length}: ${Number.isFinite(regression.windowMedian) ? `${Math.round(regression.windowMedian)} ms` : 'failed'} against the pinned baseline's ${Math.round(regression.baselineMedian)} ms${
          regression.slower
            ? ` — a <strong>regression</strong> (${esc(
                regression.metrics
                  .filter((m) => m.slower)
                  .map((m) => m.metric)
                  .join(', '),
              )})`
            : ''
        }`
      : ''
  }.</p>
<p class="legend">${legend}</p>
${svg}
<table><thead><tr><th>run</th><th>verdict</th><th>time to signed in (ms)</th><th>SES MessageId</th><th>Message-ID</th><th>Logto log</th><th>error</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
