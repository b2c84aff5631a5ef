/** The report page's CSS: a readable single column, cards for key results, charts in a responsive grid. */
export const REPORT_STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --accent: #0969da; --card: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink); font: 15px/1.55 "DejaVu Sans", Verdana, system-ui, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 32px 28px 48px; }
header { border-bottom: 1px solid var(--line); padding-bottom: 16px; margin-bottom: 24px; }
.kicker { margin: 0; color: var(--accent); font-size: 13px; letter-spacing: 0.06em; text-transform: uppercase; }
h1 { margin: 4px 0 6px; font-size: 28px; }
h2 { margin: 36px 0 12px; font-size: 20px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
h3 { margin: 20px 0 8px; font-size: 16px; color: var(--muted); }
.subtitle { margin: 0; color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card-value { font-size: 24px; font-weight: bold; }
.card-label { font-size: 14px; }
.card-note { font-size: 12px; color: var(--muted); }
.guide li { margin-bottom: 6px; }
.note, .empty { color: var(--muted); font-size: 13px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 16px; }
figure { margin: 0; }
figure.chart svg { max-width: 100%; height: auto; }
figure.latest img { max-width: min(100%, 640px); border: 1px solid var(--line); }
figure.latest.pixels img { width: 560px; image-rendering: pixelated; }
.strip { display: flex; flex-wrap: wrap; gap: 12px; }
figure.thumb img { width: 160px; border: 1px solid var(--line); }
figure.thumb.pixels img { image-rendering: pixelated; }
figcaption { font-size: 12px; color: var(--muted); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: right; white-space: nowrap; }
th { background: var(--card); }
table.settings th, table.settings td { text-align: left; white-space: normal; }
table.settings th { font-weight: normal; color: var(--muted); background: none; }
td.best { background: #dafbe1; font-weight: bold; }
code { font-size: 13px; background: var(--card); padding: 0 3px; border-radius: 3px; }
footer { margin-top: 40px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
`;
