"""Server-rendered SVG for the dashboard's pages: charts for analytics and the plan's dependency graph.

Pure functions: plain values in, an SVG string out. Every text is escaped by the one element builder (svg.py);
colours come from CSS classes and currentColor, so the page's light and dark themes both apply."""
