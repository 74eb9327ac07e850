"""A journal file with one planted pattern, for the page tests of Patterns and the review.

`plant(path, days)`: a check-in every day but every fifth, for `days` days up to yesterday;
"Breathing or grounding" practised on about 40% of them (in no runs), with wellbeing 2.5 points
higher on those days and anxiety 2 points lower; Work triggers on other random days with no
link at all. Wellbeing otherwise 5 +- 1.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np

from analytics import clock, storage

PRACTICE = "Breathing or grounding"


def plant(path, days: int = 150, seed: int = 4, effect: float = 2.5) -> None:
    rng = np.random.default_rng(seed)
    con = storage.connect(path)
    today = clock.today()
    try:
        for back in range(days):
            # Up to yesterday: an entry at 19:00 today would be in the future for most of the day.
            day = today - timedelta(days=back + 1)
            morning = datetime(day.year, day.month, day.day, 9)
            practised = rng.random() < 0.4
            if practised:
                storage.log_practice(con, practice=PRACTICE, when=morning)
            if rng.random() < 0.3:
                storage.add_trigger(
                    con,
                    when=morning + timedelta(hours=4),
                    category="Work",
                    intensity=5,
                    response_kind="other",
                )
            if back % 5 == 4:
                continue
            wellbeing = float(np.clip(5 + rng.normal(0, 1) + effect * practised, 0, 10))
            anxiety = float(np.clip(5 + rng.normal(0, 1) - 0.8 * effect * practised, 0, 10))
            storage.add_check_in(
                con,
                when=morning + timedelta(hours=10),
                wellbeing=round(wellbeing, 1),
                anxiety=round(anxiety, 1),
            )
    finally:
        con.close()
