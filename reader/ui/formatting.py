"""Short human text for list rows and article headers: dates, reading time, site names."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from reader.models import ArticleSummary


def parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = datetime.fromisoformat(value[:10])
        except ValueError:
            return None
    return moment.astimezone() if moment.tzinfo else moment


def short_date(value: str | None, today: date | None = None) -> str:
    """``Today``, ``Yesterday``, ``31 Jul`` (this year) or ``31 Jul 2024``."""
    moment = parse_date(value)
    if moment is None:
        return ""
    today = today or date.today()
    day = moment.date()
    if day == today:
        return "Today"
    if day == today - timedelta(days=1):
        return "Yesterday"
    if day.year == today.year:
        return f"{day.day} {day:%b}"
    return f"{day.day} {day:%b %Y}"


def long_date(value: str | None) -> str:
    moment = parse_date(value)
    if moment is None:
        return ""
    return f"{moment:%A}, {moment.day} {moment:%B %Y}"


def reading_time(minutes: int) -> str:
    return f"{minutes} min read" if minutes else ""


def host_of(url: str | None) -> str:
    if not url:
        return ""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def site_of(summary: ArticleSummary) -> str:
    """The site's own name, else the host of the address."""
    if summary.site_name:
        return summary.site_name
    if summary.given_url.startswith("file:"):
        return "Local file"
    return host_of(summary.url or summary.given_url)


def display_title(summary: ArticleSummary) -> str:
    """The headline; for a page not saved (yet), its address without the scheme."""
    if summary.title:
        return summary.title
    address = summary.url or summary.given_url
    return address.split("://", 1)[-1].removeprefix("www.").rstrip("/")
