"""Deciding a verification (pure): a response against its expectations, a load against its baseline, headers and
certificates against the security rules, and the report they make together."""
