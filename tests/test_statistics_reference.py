"""The hand-written statistics against scipy's and statsmodels' (dev-only dependencies):
Wallace's t-to-normal p-values (patterns.two_sided_p), Benjamini-Hochberg and Theil-Sen.

The app keeps its own small versions (no scipy at run time: ~100 MB for three functions);
these tests say how close they are to the reference implementations, on fixed seeds.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analytics import patterns, robust


@pytest.mark.parametrize(
    "df, relative", [(3, 0.08), (5, 0.06), (10, 0.03), (30, 0.008), (120, 0.002)]
)
def test_wallaces_p_values_are_close_to_students_t(df, relative):
    # Wallace (1959) maps t to a normal deviate; exact tail from scipy. Its error shrinks with
    # the degrees of freedom and never exceeds 0.002 in absolute terms here.
    t = np.linspace(0.2, 5.0, 49)
    ours = patterns.two_sided_p(t, np.full(t.size, float(df)))
    exact = 2 * stats.t.sf(t, df)
    assert np.max(np.abs(ours - exact)) < 0.002
    assert np.max(np.abs(ours - exact) / exact) < relative


def test_benjamini_hochberg_agrees_with_statsmodels():
    rng = np.random.default_rng(7)
    for size in (1, 2, 10, 60):
        for _ in range(25):
            p = rng.uniform(size=size) ** rng.uniform(0.5, 4)
            expected = multipletests(p, alpha=patterns.FDR, method="fdr_bh")[0]
            assert (patterns.benjamini_hochberg(p) == expected).all()


def test_benjamini_hochberg_leaves_untried_out_of_the_count():
    p = np.array([0.001, np.nan, 0.04, np.nan, 0.2])
    tried = np.isfinite(p)
    expected = multipletests(p[tried], alpha=patterns.FDR, method="fdr_bh")[0]
    assert (patterns.benjamini_hochberg(p)[tried] == expected).all()
    assert not patterns.benjamini_hochberg(p)[~tried].any()


def test_theil_sen_agrees_with_scipy():
    rng = np.random.default_rng(11)
    for _ in range(20):
        days = np.sort(rng.choice(300, 60, replace=False)).astype("float64")
        values = np.round(
            rng.normal(5, 2, size=60) + 0.01 * days
        )  # whole points tie, as check-ins do
        ours = robust.theil_sen_slope(days, values, max_points=1000)
        assert ours == pytest.approx(stats.theilslopes(values, days)[0], abs=1e-12)
