"""What went with better (or harder) days: associations a person can trust.

`associations(days, outcome)` compares the outcome on days with a factor (a practice done, a
trigger of a category, a trigger met with a new skill, a therapy session) and days without it,
on the same day (lag 0) and on the day after (lag 1). It claims a pattern only when the data
support it, and says how sure it is.

Method (numpy/pandas only; scipy is not a dependency):
- **Difference.** For each factor and lag, `difference` is the difference in the outcome on
  days with the factor minus days without (points), over days with the outcome logged,
  estimated with the day-to-day carry-over taken into account (feasible GLS, below).
  `mean_with` and `mean_without` are the plain means of those days; their difference is the
  plain (OLS) estimate of the same quantity: both are unbiased, the adjusted one scatters
  less when days carry over (root-mean-square error 0.43 against 0.50 points on 120-day
  synthetic journals, tests/test_patterns.py). The plain difference cannot meet the
  detection goal below with any honest interval: given the true AR(1) variance of each
  journal (which no method has) and the same false discovery rate, it found 76.7% of planted
  links on the journals below, where the adjusted one finds 84.6% with an estimated variance
  (`oracle_plain` in tests/patterns_synthetic.py, a line of the bench). Because the two can
  differ (by 0.13 points at the median claim and 0.37 at the 90th percentile on 1,000
  journals, never in sign: tests/test_patterns.py), every sentence names both: the adjusted
  difference "allowing for how one day carries into the next", then the plain averages
  (`phrases.pattern_sentence`); the chart's tooltip shows both. A factor's comparison
  starts on the first day it appears in the range: days before a practice was ever taken up
  are not "days without" it.
- **Carry-over.** Good and bad stretches last several days and practices are done in runs, so
  days are not independent: a naive t-test claims far too often (see `naive_associations` and
  tests/test_patterns.py), and the plain difference wastes information. The outcome is taken
  as AR(1) around the factor's effect: the persistence rho is the lag-one autocorrelation of
  the plain comparison's residuals over pairs of consecutive logged days, plus Kendall's
  small-sample bias (1 + 3 rho) / pairs, kept within [0, `MAX_PERSISTENCE`]. Each logged day
  is then quasi-differenced against the last logged day before it, k days earlier, with the
  exact AR(1) transform (y_t - rho^k y_(t-k)) * sqrt((1 - rho^2) / (1 - rho^2k)), the factor
  and the constant alike (the first day: Prais-Winsten), so gaps left by days without a
  check-in stay gaps in time; `difference` is the slope of the transformed outcome on the
  transformed factor. On the synthetic journals below this finds 85% of planted links where
  the plain difference (with an EWC standard error of 1.0 n^(2/3) terms: the method until
  November 2026) found 72%, at similar error rates.
- **Standard error.** The carry-over model may be wrong (a slow drift, a persistence that is
  not AR(1)), so the standard error does not trust it: it is heteroskedasticity-and-
  autocorrelation robust on the transformed regression (prewhitening, Andrews and Monahan
  1992). The score (transformed factor, centred) * (transformed residual) is laid on the
  calendar, with zeros on days without the outcome, and its long-run variance is the
  equal-weighted cosine (EWC) estimator of Lazarus, Lewis, Stock and Watson (2018, "HAR
  inference: recommendations for practice"): the mean of the squared projections on the first
  B = floor(`COSINE_TERMS` * n^(2/3)) cosines (40 for 90 days, 102 for 365). Slow drifts
  shared by the outcome and a factor (the sample journal's year-long rise in wellbeing,
  practices taken up over the year) fall in the low cosines and widen the interval instead of
  passing for a pattern. After prewhitening the score is close to uncorrelated, so more
  cosines (2 n^(2/3), against 1 n^(2/3) on the plain difference) are safe and give more
  degrees of freedom. Without prewhitening, a Newey-West (Bartlett) estimator claimed in
  12-16% of no-link journals, and EWC with 0.4 n^(2/3) terms (LLSW's recommendation for
  strongly persistent series) found 60% of planted links against 70% for 1.0 n^(2/3).
- **Small samples.** Under EWC the t statistic follows Student's t with B degrees of freedom
  (fixed-b theory), so quantiles and p-values come from t_B, not the normal, through
  Wallace's (1959) normalising transformation of t (quantile error under 0.01 for B >= 10,
  checked against tables in the tests), inverted in closed form so that a p-value and an
  interval can never disagree.
- **Many tries.** Every factor x lag (x outcome, when several are asked at once) with at least
  `MIN_DAYS` outcome days on each side counts as one try; a pattern is claimed when it passes
  the Benjamini-Hochberg procedure at false discovery rate `FDR`. Intervals are
  false-coverage-adjusted (Benjamini and Yekutieli 2005): level 1 - FDR * max(R, 1) / m for R
  claims among m tries (never below 95%), so a claimed interval never crosses 0 and an
  unclaimed one always does: the chart and the sentences cannot disagree.
- **Minimum data.** Nothing is claimed with fewer than `MIN_DAYS` outcome days with the factor
  or without it; such rows keep their counts and difference but have no interval.

Measured on synthetic journals (tests/patterns_synthetic.py: 90-365 days, 20% of days
missing, outcome AR(1) with persistence 0.3-0.6 and a day-to-day SD of 1.7 points on the 0-10
scale, six factors done in Markov runs of 2-5 days on 20-50% of days; half the journals have
no link, the others one or two links of 1.0-1.5 points, either sign, planted on the same day
or the next), 1,000 journals per line, seed 2026 (`python -m bench.patterns_bench`):

    journals                no-link journals   planted links found     unlinked factors
                            with any claim     (right sign and lag)    claimed
    90-365 days             8.6% (7.8%)        84.6% (72.1%)           2.2% (1.9%)
    90 days                 9.4% (7.4%)        50.0% (35.9%)           2.4% (2.3%)
    180 days                7.8% (8.0%)        82.1% (68.3%)           2.5% (2.2%)
    365 days                6.6% (5.6%)        97.6% (93.6%)           1.7% (1.8%)
    90-365, links 1.5-2.0   8.6% (7.8%)        96.3% (90.7%)           2.3% (2.2%)
    naive t-test, 90-365    69.6%              93.3%                   18.0%
    goal                    <= 10%             >= 80%                  <= 3%

In brackets: the plain difference with a 1.0 n^(2/3)-term EWC standard error (the method until
November 2026). On 4,000 journals of 90-365 days (seed 2026) the method claims in 8.1% of
no-link journals, finds 84.9% of planted links and claims 2.2% of unlinked factors.

The error goals hold at every length. Finding a 1-1.5 point link meets the 80% goal from about
six months of days (98% at a year) but not at 90 days (50%): with ~72 logged days, a third of
them with the factor, a one-point difference is often within what runs of good and hard days
produce by chance; such links show as "not clear yet" until more days are logged.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import NormalDist

import numpy as np
import pandas as pd

from analytics import phrases
from analytics.dates import DateRange
from analytics.kept import Kept
from analytics.phrases import YOU, Voice
from analytics.storage import Connection
from analytics.storage import patterns_queries as queries

OUTCOMES = ("wellbeing", "anxiety", "energy")
LOWER_IS_BETTER = frozenset({"anxiety"})
"""For these outcomes a lower value is the better day; sentences say "lower", never "better"."""
LAGS = (0, 1)
MIN_DAYS = 10
"""Fewer outcome days than this with a factor, or without it, and nothing is claimed."""
FDR = 0.05
"""The false discovery rate the claims are held to (Benjamini-Hochberg)."""
COSINE_TERMS = 2.0
"""The long-run variance averages floor(COSINE_TERMS * n^(2/3)) cosine terms (see `cosine_terms`);
2.0 because the score is prewhitened (see "Standard error" in the module docstring)."""
MAX_PERSISTENCE = 0.95
"""The day-to-day persistence used for the carry-over adjustment is capped here (and at 0 below)."""
LEVEL = 0.95
"""The confidence of an interval when nothing is adjusted; intervals are never narrower."""
MIN_SPAN_DAYS = 90
"""The page looks at least this many days: fewer and no pattern can be told from chance."""

COLUMNS = [
    "outcome",
    "factor",
    "lag",
    "n_with",
    "n_without",
    "mean_with",
    "mean_without",
    "difference",
    "se",
    "df",
    "p",
    "level",
    "low",
    "high",
    "tested",
    "claimed",
]


def cosine_terms(n: int) -> int:
    """How many cosine terms the long-run variance averages over `n` calendar days:
    floor(`COSINE_TERMS` * n^(2/3)), at least 2; also the t test's degrees of freedom."""
    return max(2, int(COSINE_TERMS * max(n, 1) ** (2 / 3)))


def _wallace(df: float) -> float:
    return (8 * df + 1) / (8 * df + 3)


def t_to_z(t: np.ndarray, df: np.ndarray) -> np.ndarray:
    """Student's t with `df` degrees of freedom mapped to a standard normal deviate (Wallace 1959)."""
    t = np.asarray(t, dtype="float64")
    df = np.asarray(df, dtype="float64")
    return np.sign(t) * _wallace(df) * np.sqrt(df * np.log1p(t * t / df))


def t_quantile(probability: float | np.ndarray, df: float | np.ndarray) -> np.ndarray:
    """The `probability` quantile (> 0.5) of Student's t: the exact inverse of `t_to_z`."""
    z = np.vectorize(NormalDist().inv_cdf)(np.asarray(probability, dtype="float64"))
    df = np.asarray(df, dtype="float64")
    return np.sign(z) * np.sqrt(df * np.expm1((z / _wallace(df)) ** 2 / df))


def two_sided_p(t: np.ndarray, df: np.ndarray) -> np.ndarray:
    z = np.abs(t_to_z(t, df))
    return np.vectorize(math.erfc)(z / math.sqrt(2))


def benjamini_hochberg(p: np.ndarray, q: float = FDR) -> np.ndarray:
    """Which of `p` (NaN: not tried) are discoveries at false discovery rate `q`."""
    p = np.asarray(p, dtype="float64")
    tried = np.flatnonzero(np.isfinite(p))
    found = np.zeros(p.size, dtype=bool)
    if tried.size == 0:
        return found
    order = tried[np.argsort(p[tried], kind="stable")]
    m = tried.size
    passing = np.flatnonzero(p[order] <= q * np.arange(1, m + 1) / m)
    if passing.size:
        found[order[: passing[-1] + 1]] = True
    return found


def factor_columns(days: pd.DataFrame) -> list[str]:
    """The factor columns of a days table: every boolean column."""
    return [c for c in days.columns if pd.api.types.is_bool_dtype(days[c])]


@functools.lru_cache(maxsize=8)
def _cosines(n: int, terms: int) -> np.ndarray:
    """The first `terms` cosine basis vectors over `n` days (kept: a rerun reuses them)."""
    t = np.arange(n) + 0.5
    basis = np.sqrt(2 / n) * np.cos(np.pi * np.outer(np.arange(1, terms + 1), t) / n)
    basis.setflags(write=False)
    return basis


def _long_run_variance(score: np.ndarray, terms: int) -> np.ndarray:
    """Equal-weighted cosine (EWC) estimate of each column's long-run variance, summed over
    days: n times the mean of the squared projections of the score on the first `terms`
    cosines sqrt(2/n) cos(pi j (t - 1/2) / n). A slow drift shared by the outcome and a factor
    lands in the low cosines, so it widens the interval instead of being mistaken for signal."""
    projections = _cosines(score.shape[0], terms) @ score
    return score.shape[0] * (projections**2).mean(axis=0)


def _previous_logged(valid: np.ndarray) -> np.ndarray:
    """For each day and column, the index of the last earlier day that is `valid` (-1: none)."""
    n = valid.shape[0]
    last = np.maximum.accumulate(np.where(valid, np.arange(n)[:, None], -1), axis=0)
    previous = np.full(valid.shape, -1)
    previous[1:] = last[:-1]
    return previous


def _prewhitened(y: np.ndarray, x: np.ndarray, valid: np.ndarray, residual: np.ndarray):
    """The feasible-GLS (Prais-Winsten) difference for each column of `x`, its EWC standard
    error and degrees of freedom: see "Carry-over" in the module
    docstring. `y` has 0 where nothing was logged; `residual` is the plain comparison's."""
    n_days, k = x.shape
    column = np.arange(k)[None, :]
    previous = _previous_logged(valid)
    linked = valid & (previous >= 0)
    before = np.where(linked, previous, 0)
    gap = np.where(linked, np.arange(n_days)[:, None] - before, 0)
    # Persistence from consecutive logged days, with Kendall's small-sample bias added back.
    pairs = linked & (gap == 1)
    earlier = residual[before, column]
    covariance = (residual * earlier * pairs).sum(axis=0)
    scale = np.sqrt((residual**2 * pairs).sum(axis=0) * (earlier**2 * pairs).sum(axis=0))
    rho = np.nan_to_num(covariance / scale)
    rho = rho + (1 + 3 * rho) / np.maximum(pairs.sum(axis=0), 1)
    rho = np.clip(rho, 0.0, MAX_PERSISTENCE)
    # Exact AR(1) transform across gaps: a day k days after the last logged one is
    # quasi-differenced with rho^k and rescaled, so every transformed error has one variance.
    carried = np.where(linked, rho[None, :] ** gap, 0.0)
    weight = np.sqrt((1 - rho**2)[None, :] / (1 - carried**2))
    ys = np.where(valid, weight * (y[:, None] - carried * y[before]), 0.0)
    xs = np.where(valid, weight * (x - carried * x[before, column]), 0.0)
    cs = np.where(valid, weight * (1 - carried), 0.0)
    ccs = (cs * cs).sum(axis=0)
    xt = xs - cs * ((cs * xs).sum(axis=0) / ccs)
    yt = ys - cs * ((cs * ys).sum(axis=0) / ccs)
    sxx = (xt * xt).sum(axis=0)
    difference = (xt * yt).sum(axis=0) / sxx
    error = np.where(valid, yt - xt * difference, 0.0)
    terms = cosine_terms(n_days)
    variance = _long_run_variance(xt * error, terms) / sxx**2
    return difference, np.sqrt(np.maximum(variance, 0.0)), np.full(k, float(terms))


def _one_outcome(days: pd.DataFrame, outcome: str, factors: Sequence[str]) -> pd.DataFrame:
    y = days[outcome].to_numpy(dtype="float64")
    n_days = y.size
    rows = []
    if not factors:
        return pd.DataFrame(columns=COLUMNS)
    raw = np.column_stack([days[f].to_numpy(dtype=bool) for f in factors])
    # A factor counts from the first day it appears: before that, "without" means "not yet".
    started = np.maximum.accumulate(raw, axis=0)
    logged = np.nan_to_num(y)
    for lag in LAGS:
        x = np.zeros_like(raw, dtype="float64")
        valid = np.zeros_like(raw, dtype=bool)
        if lag < n_days:
            x[lag:] = raw[: n_days - lag]
            valid[lag:] = started[: n_days - lag]
        valid &= np.isfinite(y)[:, None]
        n = valid.sum(axis=0)
        n_with = (valid & (x > 0)).sum(axis=0)
        n_without = n - n_with
        yv = np.where(valid, y[:, None], 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_with = (yv * (x > 0)).sum(axis=0) / n_with
            mean_without = (yv * (x == 0) * valid).sum(axis=0) / n_without
            fitted = np.where(x > 0, mean_with, mean_without)
            residual = np.where(valid, y[:, None] - fitted, 0.0)
            difference, se, df = _prewhitened(logged, x, valid, residual)
            t = difference / se
        tested = (n_with >= MIN_DAYS) & (n_without >= MIN_DAYS) & (se > 0) & np.isfinite(se)
        p = np.where(tested, two_sided_p(np.where(tested, t, 0.0), df), np.nan)
        for j, factor in enumerate(factors):
            rows.append(
                {
                    "outcome": outcome,
                    "factor": factor,
                    "lag": lag,
                    "n_with": int(n_with[j]),
                    "n_without": int(n_without[j]),
                    "mean_with": float(mean_with[j]) if n_with[j] else np.nan,
                    "mean_without": float(mean_without[j]) if n_without[j] else np.nan,
                    "difference": float(difference[j]) if n_with[j] and n_without[j] else np.nan,
                    "se": float(se[j]) if tested[j] else np.nan,
                    "df": float(df[j]),
                    "p": float(p[j]),
                    "tested": bool(tested[j]),
                }
            )
    return pd.DataFrame(rows)


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Benjamini-Hochberg across every try in `frame`, and intervals consistent with the claims."""
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS).astype({"claimed": bool, "tested": bool})
    claimed = benjamini_hochberg(frame["p"].to_numpy())
    tries = max(int(frame["tested"].sum()), 1)
    alpha = min(FDR * max(int(claimed.sum()), 1) / tries, 1 - LEVEL)
    df = frame["df"].to_numpy(dtype="float64")
    half = t_quantile(1 - alpha / 2, df) * frame["se"].to_numpy(dtype="float64")
    tested = frame["tested"].to_numpy(dtype=bool)
    difference = frame["difference"].to_numpy(dtype="float64")
    frame = frame.assign(
        level=np.where(tested, 1 - alpha, np.nan),
        low=np.where(tested, difference - half, np.nan),
        high=np.where(tested, difference + half, np.nan),
        claimed=claimed,
    )
    # Rounding at the edge: a claim's interval never touches 0 (p == threshold to the last digit).
    edge = frame["claimed"] & (np.sign(frame["low"]) != np.sign(frame["high"]))
    frame.loc[edge, "claimed"] = False
    return frame[COLUMNS].reset_index(drop=True)


def associations(days: pd.DataFrame, outcome: str | Sequence[str] = "wellbeing") -> pd.DataFrame:
    """One row per (outcome, factor, lag) tried: how the outcome differed on days with the
    factor (lag 0) or on the day after it (lag 1), and whether that is claimed.

    `days`: one row per calendar day, in order, with `day`, the outcome column(s) (NaN where
    nothing was logged) and one boolean column per factor. `outcome`: one column, or several
    tested together (then every outcome's tries count in the one false discovery rate).

    Columns: `outcome`, `factor`, `lag`, `n_with`, `n_without` (days with the outcome logged),
    `mean_with`, `mean_without` (plain means), `difference` (points, with minus without,
    adjusted for day-to-day carry-over: see "Difference" above), `se` (prewhitened EWC),
    `df`, `p` (NaN when not tried), `level` (the interval's confidence, at least 95%), `low`,
    `high`, `tested` (enough days on both sides) and `claimed`. See the module docstring.
    """
    outcomes = [outcome] if isinstance(outcome, str) else list(outcome)
    days = days.sort_values("day", kind="stable").reset_index(drop=True)
    factors = factor_columns(days)
    parts = [_one_outcome(days, name, factors) for name in outcomes if name in days]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return _finish(pd.DataFrame())
    return _finish(pd.concat(parts, ignore_index=True))


def naive_associations(days: pd.DataFrame, outcome: str = "wellbeing") -> pd.DataFrame:
    """The test a quick app would run: a two-sample t-test per factor and lag at p < 0.05 that
    treats every day as independent, with no correction for the number of tries. Kept to show
    (in the tests and the bench) why `associations` does not do this."""
    days = days.sort_values("day", kind="stable").reset_index(drop=True)
    y = days[outcome].to_numpy(dtype="float64")
    rows = []
    for factor in factor_columns(days):
        f = days[factor].to_numpy(dtype=bool)
        for lag in LAGS:
            x = np.zeros(y.size, dtype=bool)
            x[lag:] = f[: y.size - lag]
            ok = np.isfinite(y)
            ok[:lag] = False
            a, b = y[ok & x], y[ok & ~x]
            claimed, difference = False, np.nan
            if a.size >= 2 and b.size >= 2:
                difference = a.mean() - b.mean()
                se = math.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
                claimed = se > 0 and abs(difference) / se > 1.96
            rows.append(
                {"factor": factor, "lag": lag, "difference": difference, "claimed": bool(claimed)}
            )
    return pd.DataFrame(rows, columns=["factor", "lag", "difference", "claimed"])


# --- from the journal ---------------------------------------------------------------------

PRACTICE, TRIGGER, NEW_SKILL, SESSION = "practice", "trigger", "new_skill", "session"
OUTCOME_NAMES = {"wellbeing": "wellbeing", "anxiety": "anxiety", "energy": "energy"}


def factor_column(kind: str, name: str = "") -> str:
    """A factor's column in the days table: "practice:Breathing or grounding", "trigger:Work",
    "new_skill", "session"."""
    return f"{kind}:{name}" if name else kind


def factor_parts(column: str) -> tuple[str, str]:
    """(kind, name) of a factor column; the inverse of `factor_column`."""
    kind, _, name = column.partition(":")
    return kind, name


def window(chosen: DateRange) -> tuple[DateRange, bool]:
    """The days looked at for `chosen`: itself, or the `MIN_SPAN_DAYS` days ending on its last
    day when it is shorter (True: widened, and the page says so)."""
    if chosen.days >= MIN_SPAN_DAYS:
        return chosen, False
    return DateRange(chosen.end - timedelta(days=MIN_SPAN_DAYS - 1), chosen.end), True


def days_table(con: Connection, start: date, end: date) -> pd.DataFrame:
    """One row per calendar day in [start, end]: `day`, `wellbeing`, `anxiety`, `energy` (the
    day's mean check-in, NaN without one) and one boolean column per factor that happened at
    least once in the range (see `factor_column`), in a fixed order: practices, trigger
    categories, new skill, session."""
    days = queries.day_outcomes(con, start, end)
    happened = queries.day_factors(con, start, end)
    if happened.empty:
        return days
    happened = happened.assign(
        column=happened["kind"].where(
            happened["name"] == "", happened["kind"] + ":" + happened["name"]
        ),
        rank=happened["kind"].map({PRACTICE: 0, TRIGGER: 1, NEW_SKILL: 2, SESSION: 3}),
    )
    order = happened.sort_values(["rank", "name"], kind="stable")["column"].drop_duplicates()
    columns = pd.Index(order)
    flags = np.zeros((len(days), len(columns)), dtype=bool)
    position = (happened["day"] - days["day"].iloc[0]).dt.days.to_numpy()
    flags[position, columns.get_indexer(happened["column"])] = True
    flags = pd.DataFrame(flags, columns=columns, index=days.index)
    return pd.concat([days, flags], axis=1)


@dataclass(frozen=True)
class PatternsView:
    """What the Patterns page (and the review) shows for one range and outcome(s)."""

    looked_at: DateRange
    widened: bool
    outcomes: tuple[str, ...]
    results: pd.DataFrame
    outcome_days: int
    """Days in `looked_at` with the (first) outcome logged."""
    factors: int

    @property
    def claims(self) -> pd.DataFrame:
        return claimed_patterns(self.results)

    @property
    def nearest(self) -> int:
        """The largest, over factors, of the smaller side (days with or without)."""
        r = self.results
        return int(np.minimum(r["n_with"], r["n_without"]).max()) if len(r) else 0

    @property
    def state(self) -> str:
        """ "no_outcome" (nothing logged), "too_few" (no factor has `MIN_DAYS` each side) or "ready"."""
        if self.outcome_days == 0:
            return "no_outcome"
        return "ready" if bool(self.results["tested"].any()) else "too_few"


def claimed_patterns(results: pd.DataFrame) -> pd.DataFrame:
    """The claimed rows, clearest first (smallest p), then by factor."""
    claims = results[results["claimed"]]
    return claims.sort_values(["p", "factor", "lag"], kind="stable").reset_index(drop=True)


_CACHE: Kept[PatternsView] = Kept(16)


def patterns_view(
    con: Connection, chosen: DateRange, outcomes: str | Sequence[str] = "wellbeing"
) -> PatternsView:
    """Associations for the days `window(chosen)`, for one outcome or several tested together.

    Results are kept per journal version (`patterns_queries.version`), range and outcomes, so
    a rerun of the page with nothing new logged costs one small query."""
    outcomes = (outcomes,) if isinstance(outcomes, str) else tuple(outcomes)
    looked_at, widened = window(chosen)
    return _CACHE.get(
        (queries.version(con), looked_at, outcomes),
        lambda: _view(con, looked_at, widened, outcomes),
    )


def _view(
    con: Connection, looked_at: DateRange, widened: bool, outcomes: tuple[str, ...]
) -> PatternsView:
    days = days_table(con, looked_at.start, looked_at.end)
    results = associations(days, outcomes)
    return PatternsView(
        looked_at,
        widened,
        outcomes,
        results,
        int(days[outcomes[0]].notna().sum()),
        len(factor_columns(days)),
    )


def sentence(row, voice: Voice = YOU) -> str:
    """The sentence for one claimed row of `associations` (see `phrases.pattern_sentence`)."""
    kind, name = factor_parts(row.factor)
    return phrases.pattern_sentence(
        kind,
        name,
        int(row.lag),
        OUTCOME_NAMES.get(row.outcome, row.outcome),
        float(row.difference),
        float(row.low),
        float(row.high),
        int(row.n_with),
        int(row.n_without),
        float(row.mean_with),
        float(row.mean_without),
        voice,
    )


def sentences(results: pd.DataFrame, voice: Voice = YOU) -> list[str]:
    """One sentence per claimed pattern, clearest first; none for the rest."""
    return [sentence(row, voice) for row in claimed_patterns(results).itertuples()]


def label(row) -> str:
    kind, name = factor_parts(row.factor)
    return phrases.factor_label(kind, name, int(row.lag))


def title(results: pd.DataFrame, outcome: str) -> str:
    """The chart's title, from the same claims as the sentences."""
    claims = claimed_patterns(results)
    first = label(next(claims.itertuples())) if len(claims) else ""
    return phrases.patterns_title(
        len(claims), OUTCOME_NAMES.get(outcome, outcome), int(results["tested"].sum()), first
    )
