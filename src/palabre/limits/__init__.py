"""Limits per person (and per client address where the service knows it) on contributions,
configurable per organization (`ContributionLimits`, defaults in `DEFAULTS`).

Every service creating a contribution calls `enforce(...)` before writing and `record(...)`
once the row is written (counted when its transaction commits). Counts live in the cache,
in fixed windows of an hour and a day; a limit of 0 means none.
"""
