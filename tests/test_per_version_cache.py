"""analytics.per_version_cache: results kept per key, and the digests that make keys from content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import pytest

from analytics.dates import DateRange
from analytics.per_version_cache import Kept, digest


def test_a_result_is_built_once_per_key_and_the_oldest_goes_first():
    built = []
    kept = Kept(2)

    def build(key):
        built.append(key)
        return [key]

    first = kept.get("a", lambda: build("a"))
    assert kept.get("a", lambda: build("a")) is first
    kept.get("b", lambda: build("b"))
    kept.get("c", lambda: build("c"))  # "a" goes
    kept.get("a", lambda: build("a"))
    assert built == ["a", "b", "c", "a"]


def test_the_same_content_gives_the_same_digest_and_any_change_another():
    frame = pd.DataFrame({"day": pd.date_range("2026-01-01", periods=3), "value": [1.0, 2.0, 3.0]})
    days = DateRange(date(2026, 1, 1), date(2026, 1, 3))
    same = digest(frame.copy(), "week", days, ["Work", "Family"])
    assert digest(frame, "week", days, ["Work", "Family"]) == same
    changed_value = frame.assign(value=[1.0, 2.0, 3.5])
    others = [
        digest(changed_value, "week", days, ["Work", "Family"]),
        digest(frame.rename(columns={"value": "wellbeing"}), "week", days, ["Work", "Family"]),
        digest(frame.astype({"value": "float32"}), "week", days, ["Work", "Family"]),
        digest(frame, "month", days, ["Work", "Family"]),
        digest(frame, "week", DateRange(date(2026, 1, 1), date(2026, 1, 4)), ["Work", "Family"]),
        digest(frame, "week", days, ["Family", "Work"]),
        digest(frame, "week", days, ("Work", "Family")),
        digest(frame.iloc[:2], "week", days, ["Work", "Family"]),
    ]
    assert len({same, *others}) == len(others) + 1


def test_a_long_frame_counts_by_all_its_rows_not_by_its_shortened_text():
    frame = pd.DataFrame({"value": range(1000)})
    middle = frame.copy()
    middle.loc[500, "value"] = -1
    assert repr(frame) == repr(middle)  # the text leaves the middle out
    assert digest(frame) != digest(middle)

    @dataclass(frozen=True)
    class Holder:
        frame: pd.DataFrame

    assert digest(Holder(frame)) != digest(Holder(middle))
    assert digest({"frame": frame}) != digest({"frame": middle})


def test_a_value_without_a_trustworthy_content_is_refused():
    class Opaque:
        pass

    with pytest.raises(TypeError, match="cannot digest"):
        digest(Opaque())
    with pytest.raises(TypeError, match="cannot digest"):
        digest([1, Opaque()])


def test_sessions_in_threads_each_get_their_keys_result_and_never_overfill():
    # Streamlit runs each browser session in a thread of its own, all sharing a module's Kept.
    import threading

    kept: Kept[object] = Kept(4)
    start = threading.Barrier(16)
    seen: dict[int, set[int]] = {}
    seen_lock = threading.Lock()
    errors: list[BaseException] = []

    def session(n: int) -> None:
        try:
            start.wait()
            for round_ in range(200):
                key = (n + round_) % 6
                result = kept.get(key, lambda key=key: [key])
                with seen_lock:
                    seen.setdefault(key, set()).add(id(result))
                assert result == [key] and len(kept._results) <= 4
        except BaseException as error:  # handed to the main thread, which fails the test
            errors.append(error)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(kept._results) <= 4 and set(seen) == set(range(6))
