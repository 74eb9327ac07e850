"""The days after a session: is the outcome usually lower (or higher) on the session's day and
the three days after it than on the person's other days?

`session_aftermath(days, sessions, outcome)` gives one row per `day_after` (0 = the session's
day, 1, 2, 3) with the difference from the usual level and whether it is claimed.

Method (the same standards as `analytics.patterns`, whose p-values, intervals and
Benjamini-Hochberg procedure it reuses):
- **Difference.** The outcome is regressed on a constant, a steady rise or fall over the days
  looked at, and four indicators: the day is 0, 1, 2 or 3 days after a session (a day can be
  more than one, when sessions are close together). `difference` is the indicator's
  coefficient: the outcome that day minus the usual level (the days 4 or more after the last
  session, allowing for the rise or fall), in points.
- **Carry-over.** Good and hard stretches last several days, so days are not independent. The
  errors are taken as AR(1): the persistence rho is the lag-one autocorrelation of the plain
  least-squares residuals over logged days one day apart (two when there are too few such
  pairs), with Kendall's small-sample bias (1 + 3 r) / pairs added back, kept within
  [0, `patterns.MAX_PERSISTENCE`]. Each logged day is quasi-differenced against the last
  logged day before it, k days earlier, with the exact transform
  (v_t - rho^k v_(t-k)) * sqrt((1 - rho^2) / (1 - rho^2k)) (the first day: Prais-Winsten),
  applied alike to the outcome and every column, and the regression refitted (feasible GLS).
- **Standard error.** The classical one of that regression, Student's t on (logged days - 6)
  degrees of freedom (`patterns.two_sided_p`, `patterns.t_quantile`).
- **Many tries.** Each day_after (x outcome, when several are asked together) with at least
  `MIN_SESSIONS` sessions whose day is logged counts as one try; a difference is claimed when
  it passes Benjamini-Hochberg at `patterns.FDR` over all of them. Intervals are
  false-coverage-adjusted (Benjamini and Yekutieli 2005) as in Patterns, never below 95%.
- **Minimum data.** Nothing is claimed from fewer than `MIN_SESSIONS` sessions with that day
  logged, or fewer than `MIN_USUAL_DAYS` usual days; such rows keep their counts and
  difference but have no interval.
- **Too fixed a rhythm.** Sessions every other day make the session's day and day 2 the same
  days, and day 1 and day 3; where no logged day tells them apart (a stretch of such sessions
  whose first and last days went unlogged), the least-squares fit split the effect between
  them: a dip planted on day 1 alone was claimed on day 3 too, at half its size. A day whose
  column, after the transform, is explained by the others to all but `patterns.MIN_OWN_SHARE`
  of its squared length (`patterns.separable_columns`) gets `separable` False: no difference,
  interval or try, nothing drawn, and the sentence says why. Sessions every other day
  throughout leave no usual day at all and are not fitted; their columns are checked as they
  are, and the sentence says that the session's day and day 1 cannot be told apart, where it
  said "no day differs clearly from your usual level".

Measured at full size in `make bench` (bench/aftermath_bench.py; the README has the figures).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics import patterns
from analytics.dates import DateRange
from analytics.per_version_cache import Kept
from analytics.storage import Connection
from analytics.words import aftermath as aftermath_words
from analytics.words.phrases import YOU, Voice

DAYS_AFTER = (0, 1, 2, 3)
MIN_SESSIONS = 6
"""Fewer sessions than this with the day logged, and nothing is claimed for that day."""
MIN_USUAL_DAYS = 10
"""Fewer logged days outside the days after a session than this, and nothing is claimed."""
MIN_PAIRS = 10
COLUMNS = [
    "outcome",
    "day_after",
    "n_sessions",
    "difference",
    "se",
    "df",
    "p",
    "level",
    "low",
    "high",
    "tested",
    "claimed",
    "separable",
]


def _checked(days: pd.DataFrame, outcomes: Sequence[str]) -> pd.DataFrame:
    """`days` with one row per calendar day, first to last, indexed from 0; a ValueError names
    what is wrong (no `date` column, a date given twice, an infinite outcome)."""
    if "date" not in days:
        raise ValueError("days: needs a `date` column, one row per calendar day")
    when = pd.to_datetime(days["date"]).dt.normalize()
    twice = when[when.duplicated()]
    if len(twice):
        raise ValueError(f"date: {twice.iloc[0]:%Y-%m-%d} is given more than once")
    frame = pd.DataFrame({"date": when})
    for name in outcomes:
        if name not in days:
            raise ValueError(f"days: has no `{name}` column")
        values = pd.to_numeric(days[name], errors="coerce").to_numpy(dtype="float64")
        if np.isinf(values).any():
            bad = when.iloc[int(np.argmax(np.isinf(values)))]
            raise ValueError(f"{name}: {bad:%Y-%m-%d} is infinite, not a score")
        frame[name] = values
    frame = frame.sort_values("date", kind="stable").set_index("date")
    if len(frame):
        frame = frame.reindex(pd.date_range(frame.index[0], frame.index[-1], freq="D"))
    return frame


def _indicators(index: pd.DatetimeIndex, sessions: Sequence[date]) -> np.ndarray:
    """days x 4: whether each day is 0, 1, 2, 3 days after a session."""
    flags = np.zeros((len(index), len(DAYS_AFTER)), dtype=bool)
    if not len(index):
        return flags
    start = index[0]
    for session in {pd.Timestamp(s).normalize() for s in sessions}:
        for k in DAYS_AFTER:
            position = (session - start).days + k
            if 0 <= position < len(index):
                flags[position, k] = True
    return flags


def _persistence(residual: np.ndarray, positions: np.ndarray) -> float:
    gaps = np.diff(positions)
    for apart in (1, 2):
        pairs = np.flatnonzero(gaps == apart)
        if pairs.size >= MIN_PAIRS:
            a, b = residual[pairs + 1], residual[pairs]
            scale = np.sqrt((a * a).sum() * (b * b).sum())
            r = float((a * b).sum() / scale) if scale > 0 else 0.0
            r = min(max(r + (1 + 3 * r) / pairs.size, 0.0), 1.0)
            return float(np.clip(r ** (1 / apart), 0.0, patterns.MAX_PERSISTENCE))
    return 0.0


def _fit(
    y: np.ndarray, design: np.ndarray, positions: np.ndarray
) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """Feasible GLS with AR(1) errors over logged days at `positions`: (coefficients,
    standard errors, degrees of freedom, whether each column can be told apart from the others
    after the transform: `patterns.separable_columns`; where not, its coefficient and standard
    error are NaN)."""
    plain, *_ = np.linalg.lstsq(design, y, rcond=None)
    rho = _persistence(y - design @ plain, positions)
    gap = np.diff(positions)
    carried = np.concatenate([[0.0], rho**gap])
    weight = np.sqrt((1 - rho**2) / (1 - carried**2))
    weight[0] = 1.0
    weight = weight if rho > 0 else np.ones_like(weight)

    def transformed(v: np.ndarray) -> np.ndarray:
        earlier = np.concatenate([np.zeros((1,) + v.shape[1:]), v[:-1]])
        c = carried.reshape((-1,) + (1,) * (v.ndim - 1))
        w = weight.reshape(c.shape)
        return w * (v - c * earlier)

    if rho > 0:
        ty, tx = transformed(y), transformed(design)
        # Prais-Winsten: the first day keeps its level, scaled to the same variance.
        first = np.sqrt(1 - rho**2)
        ty[0], tx[0] = y[0] * first, design[0] * first
    else:
        ty, tx = y, design
    coefficients, *_ = np.linalg.lstsq(tx, ty, rcond=None)
    df = len(y) - design.shape[1]
    error = ty - tx @ coefficients
    noise = float(error @ error) / max(df, 1)
    inverse = np.linalg.pinv(tx.T @ tx)
    errors = np.sqrt(np.maximum(np.diag(inverse) * noise, 0.0))
    # The pseudo-inverse gives a column that cannot be told apart a share of the others' effect
    # and a finite error; what the columns that can be told apart get is the same either way.
    apart = patterns.separable_columns(tx)
    return np.where(apart, coefficients, np.nan), np.where(apart, errors, np.nan), df, apart


def _one_outcome(frame: pd.DataFrame, outcome: str, flags: np.ndarray) -> pd.DataFrame:
    y = frame[outcome].to_numpy(dtype="float64")
    logged = np.isfinite(y)
    positions = np.flatnonzero(logged)
    n_sessions = flags[logged].sum(axis=0)
    usual = int((logged & ~flags.any(axis=1)).sum())
    rows = {
        "outcome": outcome,
        "day_after": list(DAYS_AFTER),
        "n_sessions": n_sessions.astype(int),
    }
    difference = np.full(len(DAYS_AFTER), np.nan)
    se = np.full(len(DAYS_AFTER), np.nan)
    separable = np.ones(len(DAYS_AFTER), dtype=bool)
    df = 0
    has = n_sessions > 0
    if positions.size >= 2 + int(has.sum()) + 1:
        time = positions / max(len(y), 1)
        columns = [np.ones(positions.size), time - time.mean()]
        columns += [flags[positions, k].astype(float) for k in np.flatnonzero(has)]
        design = np.column_stack(columns)
        if usual >= 2:
            coefficients, errors, df, apart = _fit(y[positions], design, positions)
            difference[has] = coefficients[2:]
            se[has] = errors[2:]
        else:
            # Not fitted, with no usual days; but sessions every other day (or every fourth)
            # fill every day with days after a session, and the sentence says that rather
            # than that no day differs from a usual level there is none of.
            apart = patterns.separable_columns(design)
        separable[has] = apart[2:]
    spread = float(np.nanstd(y)) if positions.size else 0.0
    tolerance = 1e-9 * max(spread, 1.0)
    difference = np.where(np.abs(difference) < tolerance, 0.0, difference)
    exact = se < tolerance
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(exact, np.where(difference != 0, np.inf, 0.0), difference / se)
    tested = (
        (n_sessions >= MIN_SESSIONS)
        & (usual >= MIN_USUAL_DAYS)
        & (df >= 1)
        & np.isfinite(se)
        & np.isfinite(difference)
    )
    p = np.where(tested, patterns.two_sided_p(np.where(tested, t, 0.0), max(df, 1)), np.nan)
    return pd.DataFrame(
        rows
        | {
            "difference": difference,
            "se": np.where(tested, np.where(exact, 0.0, se), np.nan),
            "df": np.where(tested, float(df), np.nan),
            "p": p,
            "tested": tested,
            "separable": separable,
        }
    )


def session_aftermath(
    days: pd.DataFrame, sessions: Sequence[date], outcome: str | Sequence[str] = "wellbeing"
) -> pd.DataFrame:
    """One row per (outcome and) `day_after` in 0-3: `n_sessions` (sessions whose day that
    many days later has the outcome logged), `difference` (the outcome that day minus the usual
    level, points, allowing for carry-over and a steady rise or fall), `se`, `df`, `p`,
    `level`, `low`, `high`, `tested` and `claimed`. See the module docstring.

    `days`: a `date` column and the outcome column(s), NaN where nothing was logged (a missing
    date is a day with nothing logged). `sessions`: the session dates (those outside the days
    are ignored, except that the days after one can fall inside)."""
    outcomes = [outcome] if isinstance(outcome, str) else list(outcome)
    frame = _checked(days, outcomes)
    flags = _indicators(frame.index, sessions)
    parts = [_one_outcome(frame, name, flags) for name in outcomes]
    results = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
    return _finish(results)


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Benjamini-Hochberg over every try, and intervals consistent with the claims
    (`patterns.claims_with_intervals`, as Patterns)."""
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS).astype(
            {"claimed": bool, "tested": bool, "separable": bool}
        )
    frame = patterns.claims_with_intervals(frame)
    return frame[COLUMNS].reset_index(drop=True)


def is_day_after_session(sessions: Sequence[date], day: date) -> bool:
    """Whether `day` is the day after a session: the day a reflection asks "What got stirred
    up?" (optional), when the stirring-up many people feel is freshest."""
    return (day - timedelta(days=1)) in set(sessions)


# --- from the journal ---------------------------------------------------------------------


@dataclass(frozen=True)
class AftermathView:
    """What the Patterns page shows about the days after a session, for one range and outcome."""

    looked_at: DateRange
    outcome: str
    results: pd.DataFrame
    sessions: int
    """Sessions in the days looked at."""
    key: tuple = ()

    @property
    def claims(self) -> pd.DataFrame:
        return self.results[self.results["claimed"]]

    @property
    def drawable(self) -> bool:
        """Whether any day has a difference to draw (some session with its day logged)."""
        return bool(self.results["difference"].notna().any())

    def sentence(self, voice: Voice = YOU) -> str:
        return summary(self.results, self.outcome, self.sessions, voice)


_CACHE: Kept[AftermathView] = Kept(16)


def aftermath_view(con: Connection, chosen: DateRange, outcome: str = "wellbeing") -> AftermathView:
    """`session_aftermath` over the days Patterns looks at (`patterns.window`), from the same
    days table's outcomes and the attended sessions of those days, kept per journal version,
    range and outcome. Sessions are not one of Patterns' factors: this is the page's one answer
    to "how do the days after a session go?"."""
    from analytics.storage import patterns_queries

    looked_at, widened = patterns.window(chosen)
    key = (patterns_queries.aftermath_version(con), looked_at, outcome)

    def build() -> AftermathView:
        days = patterns.days_table(con, looked_at.start, looked_at.end)
        sessions = [
            pd.Timestamp(day)
            for day in patterns_queries.session_days(con, looked_at.start, looked_at.end)
        ]
        table = days[["day", outcome]].rename(columns={"day": "date"})
        results = session_aftermath(table, sessions, outcome)
        return AftermathView(looked_at, outcome, results, len(sessions), key)

    return _CACHE.get(key, build)


def title(results: pd.DataFrame, outcome: str, sessions: int) -> str:
    """The chart's title, from the same claims as `summary`."""
    rows = results[(results["outcome"] == outcome) & results["claimed"]]
    return aftermath_words.aftermath_title(
        [(int(r.day_after), float(r.difference)) for r in rows.itertuples()],
        patterns.OUTCOME_NAMES.get(outcome, outcome),
        sessions,
    )


def summary(results: pd.DataFrame, outcome: str, sessions: int, voice: Voice = YOU) -> str:
    """The section's sentence (and the chart's title): the claimed days, or "not clear yet"."""
    rows = results[results["outcome"] == outcome]
    claimed = rows[rows["claimed"]]
    return aftermath_words.aftermath_sentence(
        [(int(r.day_after), float(r.difference)) for r in claimed.itertuples()],
        patterns.OUTCOME_NAMES.get(outcome, outcome),
        sessions,
        int(rows["n_sessions"].min()) if len(rows) else 0,
        MIN_SESSIONS,
        lower_is_better=outcome in patterns.LOWER_IS_BETTER,
        voice=voice,
        most_logged=int(rows["n_sessions"].max()) if len(rows) else 0,
        not_told_apart=[
            int(r.day_after) for r in rows.itertuples() if r.n_sessions and not r.separable
        ],
    )
