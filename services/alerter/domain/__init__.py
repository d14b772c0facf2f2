"""The alerter's decisions, pure: rules, routing, grouping, muting, escalation and retry policy."""
