"""Resolve the date an event sentence gives ("on Sunday", "Tuesday morning", "on August 1",
"earlier this year") against the article's date, with a precision."""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_RE = "|".join(MONTHS + [m[:3] for m in MONTHS] + ["sept"])
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b", re.I)
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")(?:'s)?\b", re.I)
_LAST_MONTH_NAME = re.compile(rf"\b(?:last|in|since|early|late|mid-?)\s+({'|'.join(MONTHS)})\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _month_index(name: str) -> int:
    name = name.lower()[:3]
    return [m[:3] for m in MONTHS].index(name) + 1


def _nearest_year(month: int, day: int, ref: date, future: bool) -> date | None:
    """The date with that month/day closest to `ref` (past unless `future`)."""
    best = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        delta = (candidate - ref).days
        if not future and delta > 7:
            continue
        if best is None or abs(delta) < abs((best - ref).days):
            best = candidate
    return best


_REPORTING = re.compile(
    r"\b(said|says|told|announced|reported|statement|confirmed|added)\b[^.;]{0,25}$", re.I
)


_CLAUSE_BREAK = re.compile(r"\b(that|which|after|following|since|because)\b|;", re.I)


def _nearest(matches: list[re.Match], text: str, anchor: int | None) -> re.Match | None:
    """The date expression that belongs to the event: the one nearest the trigger word,
    avoiding those that date the reporting ("officials said on Sunday")."""
    if not matches:
        return None
    if anchor is None:
        anchor = 0

    def cost(m: re.Match) -> tuple[int, int]:
        reporting = bool(_REPORTING.search(text[max(0, m.start() - 40) : m.start()]))
        return (1 if reporting else 0, abs(m.start() - anchor))

    best = min(matches, key=cost)
    if anchor and _CLAUSE_BREAK.search(text[min(best.end(), anchor) : max(best.start(), anchor)]):
        return None  # the date belongs to another clause ("warned on Wednesday that deploying ...")
    return best


def described_day(text: str, article_date: date) -> date | None:
    """The one day a feed item's description gives for what happened ("... was killed by
    Turkish forces on Saturday"), when it gives exactly one that does not date the reporting
    ("officials said on Sunday"); None otherwise. The headline's event, which states no date
    of its own, took place that day."""
    found = set()
    for pattern in (_DAY_MONTH, _MONTH_DAY, _WEEKDAY):
        for m in pattern.finditer(text):
            if _REPORTING.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            try:
                day, precision = _resolve_date(m.group(0), article_date, False, None)
            except (OverflowError, ValueError):
                continue
            if precision == "day":
                found.add(day)
    return found.pop() if len(found) == 1 else None


def resolve_date(
    sentence: str, article_date: date, future: bool = False, anchor: int | None = None
) -> tuple[date, str]:
    """Return (event_date, precision). `future` prefers upcoming dates (announcements);
    `anchor` is the trigger's offset in the sentence, to pick the date that goes with it."""
    try:
        return _resolve_date(sentence, article_date, future, anchor)
    except (OverflowError, ValueError):  # at the calendar's ends (.NET feeds send 0001-01-01)
        return article_date, "article"


def _resolve_date(sentence: str, article_date: date, future: bool, anchor: int | None) -> tuple[date, str]:
    text = sentence
    match = _ISO.search(text)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3))), "day"
        except ValueError:
            pass
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        match = _nearest(list(pattern.finditer(text)), text, anchor)
        if not match:
            continue
        day, month = int(match.group(day_group)), _month_index(match.group(month_group))
        if not 1 <= day <= 31:
            continue
        if match.group(3):
            try:
                return date(int(match.group(3)), month, day), "day"
            except ValueError:
                continue
        resolved = _nearest_year(month, day, article_date, future or True)
        if resolved:
            return resolved, "day"
    lower = text.lower()
    if re.search(r"\b(yesterday|last night)\b", lower):
        return article_date - timedelta(days=1), "day"
    if re.search(r"\b(today|this morning|this afternoon|this evening|tonight|earlier today)\b", lower):
        return article_date, "day"
    if re.search(r"\btomorrow\b", lower):
        return article_date + timedelta(days=1), "day"
    match = _nearest(list(_WEEKDAY.finditer(text)), text, anchor)
    if match:
        target = WEEKDAYS.index(match.group(1).lower())
        delta = (article_date.weekday() - target) % 7
        if future and delta:
            return article_date + timedelta(days=7 - delta), "day"
        return article_date - timedelta(days=delta), "day"
    if re.search(r"\b(last|past) week\b|\bearlier this week\b", lower):
        return article_date - timedelta(days=article_date.weekday() or 7), "week"
    match = _LAST_MONTH_NAME.search(text)
    if match:
        month = _month_index(match.group(1))
        year = article_date.year if month <= article_date.month else article_date.year - 1
        return date(year, month, 1), "month"
    if re.search(r"\blast month\b|\bearlier this month\b", lower):
        first = article_date.replace(day=1)
        return (first - timedelta(days=1)).replace(day=1) if "last month" in lower else first, "month"
    if re.search(r"\b(earlier this year|this year)\b", lower):
        return date(article_date.year, 1, 1), "year"
    if re.search(r"\blast year\b", lower):
        return date(article_date.year - 1, 1, 1), "year"
    return article_date, "article"
