"""Server-rendered SVG for the dashboard's pages: charts for analytics and the plan's dependency graph.

Pure functions: plain values in, an SVG string out, the same bytes for the same input. Every text is escaped by the
one element builder (svg.py). Colours come from the page's CSS through classes and currentColor, so light and
dark themes both apply; shapes, patterns and words carry the same information for those who cannot tell colours:

- charts (line_chart, bar_chart, sparkline): `.series-1` to `.series-8` set `color`; `.grid`, `.tick`, `.legend`,
  `.empty-state`, `.bar-value`.
- graph (layout_graph once per plan, then graph_svg per moment): `.node.health-healthy|degraded|unhealthy|unknown`
  with `.node-box` inside, `.root-cause` (ringed), `.impacted` (dashed), `.step-<word>`, `.edge`, `.edge-impacted`.

Each figure's ids start with the chart_id or graph_id it is given: give each on a page its own."""
