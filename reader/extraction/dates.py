"""Publication dates in the shapes pages write them, normalised to ISO 8601."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_LIKE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?$", re.I
)
# "2008-1-08 8:04": ISO order without the zero padding.
_LOOSE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(Z|[+-]\d{4})?$")
_MONTH_NAMES = (
    "jan january|feb february|mar march|apr april|may|jun june|jul july|aug august|"
    "sep sept september|oct october|nov november|dec december"
)
_MONTHS = {
    name: number
    for number, names in enumerate(_MONTH_NAMES.split("|"), start=1)
    for name in names.split()
}
# "July 31, 2024, 4:31pm", "31 July 2024 16:31", "Published: Jul. 31 2024"
_WRITTEN = re.compile(
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[a-z]{3,9})\.?,?\s+(?P<y1>\d{4})"
    r"|(?P<m2>[a-z]{3,9})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4}))"
    r"(?:,?\s+(?:at\s+)?(?P<h>\d{1,2})[:.](?P<mi>\d{2})\s*(?P<ap>[ap]\.?m\.?)?)?",
    re.I,
)


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return 1900 <= year <= 2200


def normalise_date(value: str | None) -> str | None:
    """``value`` as ISO 8601 ("2024-07-31T16:31:00-07:00" or "2024-07-31"), or None.

    The page's own clock is kept: a time with an offset keeps that offset, so the day is
    the day the page says; nothing is converted to UTC or local time.
    """
    if not value:
        return None
    value = " ".join(value.split())
    if not value or len(value) > 100:
        return None
    if m := _ISO_DAY.match(value):
        year, month, day = (int(g) for g in m.groups())
        return value if _valid_day(year, month, day) else None
    if m := _ISO_LIKE.match(value):
        day_part, time_part, zone = m.groups()
        time_part = time_part.replace(",", ".")
        zone = (zone or "").upper()
        if zone and zone != "Z" and ":" not in zone:
            zone = f"{zone[:3]}:{zone[3:]}"
        try:
            parsed = datetime.fromisoformat(f"{day_part}T{time_part}{zone}")
        except ValueError:
            return None
        return _format(parsed, zone == "Z")
    if (m := _LOOSE_ISO.match(value)) and not _ISO_LIKE.match(value):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        if not _valid_day(year, month, day):
            return None
        if m[4] is None:
            return f"{year:04d}-{month:02d}-{day:02d}"
        hour, minute, second = int(m[4]), int(m[5]), int(m[6] or 0)
        if hour > 23 or minute > 59 or second > 59:
            return f"{year:04d}-{month:02d}-{day:02d}"
        return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
    if m := _COMPACT.match(value):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        if not _valid_day(year, month, day):
            return None
        if m[4] is None:
            return f"{year:04d}-{month:02d}-{day:02d}"
        zone = m[7] or ""
        if zone and zone != "Z":
            zone = f"{zone[:3]}:{zone[3:]}"
        try:
            parsed = datetime.fromisoformat(
                f"{year:04d}-{month:02d}-{day:02d}T{m[4]}:{m[5]}:{m[6] or '00'}{zone}"
            )
        except ValueError:
            return None
        return _format(parsed, zone == "Z")
    try:
        rfc = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        rfc = None
    if rfc is not None and 1900 <= rfc.year <= 2200:
        return _format(rfc, False)
    return _written_date(value)


def _format(parsed: datetime, utc_z: bool) -> str:
    text = parsed.isoformat(timespec="seconds")
    if utc_z and text.endswith("+00:00"):
        text = text[:-6] + "Z"
    return text


def _written_date(value: str) -> str | None:
    m = _WRITTEN.search(value)
    if not m:
        return None
    month_name = (m["m1"] or m["m2"]).lower()
    month = _MONTHS.get(month_name)
    if month is None:
        return None
    year, day = int(m["y1"] or m["y2"]), int(m["d1"] or m["d2"])
    if not _valid_day(year, month, day):
        return None
    if m["h"] is None:
        return f"{year:04d}-{month:02d}-{day:02d}"
    hour, minute = int(m["h"]), int(m["mi"])
    ampm = (m["ap"] or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00"
