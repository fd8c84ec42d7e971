"""District time: district equipment, or within IT's working hours."""

from datetime import datetime

import pytest

from companion.settings import Settings
from companion.worktime import HoursError, district_time_for, is_district_time

MONDAY_10 = datetime(2026, 11, 30, 10, 0)
SATURDAY_10 = datetime(2026, 12, 5, 10, 0)
MONDAY_18 = datetime(2026, 11, 30, 18, 0)


@pytest.mark.parametrize("equipment,hours,now,expected", [
    (True, "", SATURDAY_10, True),
    (False, "", MONDAY_10, False),
    (False, "Mon-Fri 07:30-16:00", MONDAY_10, True),
    (False, "Mon-Fri 07:30-16:00", MONDAY_18, False),
    (False, "Mon-Fri 07:30-16:00", SATURDAY_10, False),
    (False, "Sat-Mon 09:00-11:00", SATURDAY_10, True),
])
def test_is_district_time(equipment, hours, now, expected):
    assert is_district_time(equipment, hours, now) is expected


def test_unreadable_hours_are_an_error_but_never_stop_a_check():
    with pytest.raises(HoursError):
        is_district_time(False, "weekdays 9 to 5")
    assert district_time_for(Settings(working_hours="weekdays 9 to 5")) is False
    assert district_time_for(Settings(working_hours="weekdays 9 to 5", district_equipment=True)) is True
