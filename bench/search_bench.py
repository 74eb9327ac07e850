"""Search on the 10-year bench journal: the median time of `analytics.search.search` for a
common word, a rare one, two words and a word found nowhere (goal: under 200 ms each)."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from analytics import search, storage

QUERIES = ("day", "paused", "few words", "nowhere-to-be-found")
REPEATS = 7


def measure(journal: Path, repeats: int = REPEATS) -> dict[str, float]:
    """Median ms per query on a private copy of `journal`, after one warm-up run each."""
    with tempfile.TemporaryDirectory(prefix="between-search-") as folder:
        copy = Path(folder) / "journal.duckdb"
        shutil.copy(journal, copy)
        con = storage.connect(copy)
        try:
            figures = {}
            for query in QUERIES:
                search.search(con, query)
                runs = []
                for _ in range(repeats):
                    started = time.perf_counter()
                    search.search(con, query)
                    runs.append((time.perf_counter() - started) * 1000)
                figures[query] = statistics.median(runs)
            return figures
        finally:
            con.close()
