"""The package's one table of month and weekday names (a base module: the model's date labels,
the date reader, the charts' axes and `figures` all read it, so none keeps a copy)."""
from __future__ import annotations

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTHS)          # "Jan" ... "Dec", for axes
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# every way an article spells a month -> its number: "August", "Aug", "Aug.", "Sept", "AUG"
MONTH_NUMBERS = {**{name.lower(): i + 1 for i, name in enumerate(MONTHS)},
                 **{name[:3].lower(): i + 1 for i, name in enumerate(MONTHS)}, "sept": 9}
