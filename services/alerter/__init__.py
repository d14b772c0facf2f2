"""The alerter service: routes, groups and escalates alerts to Slack, email and webhooks."""
