"""The library's timestamps: UTC, ISO 8601 with microseconds, so string order is time order."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    """UTC now, ISO 8601 with microseconds, so string order is time order."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
