"""`newswatch report`: one self-contained HTML file about a time window of the warehouse.

`build_report(db_path, since, until, now)` reads the warehouse through a read-only
connection with the named queries `warehouse/queries/report_*.sql` and returns the page:
headline counts (articles, events, clusters, alerts, feeds OK/failing); event clusters per
day stacked by theatre and by type; recurrence chains (each alerted key's occurrences on a
time axis); event places over a coarse outline of the theatre; the alerts with their
explanations (new happening, sources with outlet, date and link, earlier occurrences); feed
health. `python -m newswatch.report --db X --since 7d --out report.html` writes it.

Charting: hand-written inline SVG (newswatch/report/svg.py), no charting library.
  * Offline by construction: the page has no script and no external resource at all, and a
    Content-Security-Policy of default-src 'none' makes any browser refuse to load one. It
    renders the same in a browser, an e-mail client that strips scripts (the digest can be
    sent as HTML mail), or a file viewer.
  * No dependency to install or bundle: matplotlib is not in the environment; Altair/Vega-Lite
    or Plotly would need ~1-3 MB of JavaScript inlined into every report, and scripts are
    exactly what an e-mail client drops and what a report about hostile feed text should not
    carry.
  * Testable: every bar, dot and place is an element with data-* attributes, so tests count
    what was drawn by parsing the DOM (lxml, or headless Chromium's --dump-dom).
  * The charts are simple (stacked bars, dots on a line, points on an equirectangular map
    over a bundled hand-drawn outline, newswatch/report/outline.py); hover details use SVG
    <title>, which needs no script.

Safety: every string from a feed or a page goes through html.escape into text or a
double-quoted attribute; links are made only for absolute http/https URLs (others are shown
as text). The report never writes to the warehouse.
"""

from newswatch.report.build import build_report

__all__ = ["build_report"]
