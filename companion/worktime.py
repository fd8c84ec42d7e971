"""District time: whether a personal post happens on district equipment or in working hours
(the `personal-use` rule's `district_time` condition)."""

from __future__ import annotations

import re
from datetime import datetime, time

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_HOURS = re.compile(r"^\s*(mon|tue|wed|thu|fri|sat|sun)\w*\s*-\s*(mon|tue|wed|thu|fri|sat|sun)\w*\s+"
                    r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$", re.IGNORECASE)


class HoursError(ValueError):
    pass


def parse_hours(text: str) -> tuple[set[int], time, time] | None:
    """'Mon-Fri 07:30-16:00' -> ({0..4}, 07:30, 16:00); '' -> None."""
    if not text or not text.strip():
        return None
    m = _HOURS.match(text)
    if not m:
        raise HoursError(f"working hours must look like 'Mon-Fri 07:30-16:00', not {text!r}")
    d1, d2 = DAYS.index(m.group(1).lower()[:3]), DAYS.index(m.group(2).lower()[:3])
    days = {d % 7 for d in range(d1, d2 + 1 if d2 >= d1 else d2 + 8)}
    h1, m1, h2, m2 = (int(m.group(i)) for i in range(3, 7))
    if not (0 <= h1 < 24 and 0 <= h2 < 24 and m1 < 60 and m2 < 60):
        raise HoursError(f"working hours {text!r} have an impossible time")
    return days, time(h1, m1), time(h2, m2)


def is_district_time(district_equipment: bool, hours: str, now: datetime | None = None) -> bool:
    if district_equipment:
        return True
    parsed = parse_hours(hours)
    if parsed is None:
        return False
    days, start, end = parsed
    now = now or datetime.now()
    return now.weekday() in days and start <= now.time() < end


def district_time_for(settings) -> bool:
    """`district_time` for the companion's settings; unreadable hours count as not set (the
    configuration loader reports them), district equipment still counts."""
    try:
        return is_district_time(settings.district_equipment, settings.working_hours)
    except HoursError:
        return settings.district_equipment
