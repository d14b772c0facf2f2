"""Live updates: one reader of the events stream per process, fanned out to WebSocket and SSE clients."""
