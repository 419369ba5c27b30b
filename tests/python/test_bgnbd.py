"""BG/NBD and MBG/NBD: the likelihood against a plain per-customer implementation, parameter recovery at the CDNOW
estimates of Fader, Hardie & Lee (2005), the known properties of P(alive) and of the conditional expectation, and the
SQL rendering of P(alive) evaluated in DuckDB against NumPy."""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pyarrow as pa
import pytest
from scipy import optimize

from tagwarehouse import bgnbd
from tagwarehouse.bgnbd import CDNOW_PUBLISHED, MODELS, BgNbdParams

CDNOW = (CDNOW_PUBLISHED["r"], CDNOW_PUBLISHED["alpha"], CDNOW_PUBLISHED["a"], CDNOW_PUBLISHED["b"])
# CDNOW's cohort made its first purchase in the first 12 weeks of 1997 and was observed to week 39: T in [27, 39].
CDNOW_AGES = (27.0, 39.0)


def cdnow_params(model: str = "bgnbd") -> BgNbdParams:
    return BgNbdParams(*CDNOW, model=model)  # type: ignore[arg-type]


def cdnow_like_sample(n: int, seed: int, model: str = "bgnbd", holdout: float = 0.0) -> dict[str, np.ndarray]:
    ages = np.random.default_rng(seed).uniform(*CDNOW_AGES, n)
    return bgnbd.simulate(cdnow_params(model), n, ages, seed=seed + 1, holdout=holdout)


def loop_log_likelihood(theta: tuple[float, float, float, float], x, t_x, T, model: str) -> float:
    """The published likelihood, one customer at a time, in plain floats (no logs until the end)."""
    r, alpha, a, b = theta

    def beta(p: float, q: float) -> float:
        return math.exp(math.lgamma(p) + math.lgamma(q) - math.lgamma(p + q))

    total = 0.0
    for xi, txi, Ti in zip(x.tolist(), t_x.tolist(), T.tolist(), strict=True):
        g = math.exp(math.lgamma(r + xi) - math.lgamma(r)) * alpha**r
        if model == "bgnbd":
            first = beta(a, b + xi) / beta(a, b) * g / (alpha + Ti) ** (r + xi)
            second = beta(a + 1, b + xi - 1) / beta(a, b) * g / (alpha + txi) ** (r + xi) if xi > 0 else 0.0
        else:
            first = beta(a, b + xi + 1) / beta(a, b) * g / (alpha + Ti) ** (r + xi)
            second = beta(a + 1, b + xi) / beta(a, b) * g / (alpha + txi) ** (r + xi)
        total += math.log(first + second)
    return total


# ---------------------------------------------------------------------------------------------- the likelihood


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("theta", [CDNOW, (1.3, 12.0, 2.5, 0.7), (0.05, 0.8, 0.2, 9.0)])
def test_likelihood_equals_a_per_customer_loop(model: str, theta: tuple[float, float, float, float]) -> None:
    sample = cdnow_like_sample(500, seed=11, model=model)
    expected = loop_log_likelihood(theta, sample["x"], sample["t_x"], sample["T"], model)
    actual = bgnbd.log_likelihood(theta, sample["x"], sample["t_x"], sample["T"], model=model)  # type: ignore[arg-type]
    assert actual == pytest.approx(expected, rel=1e-11)


@pytest.mark.parametrize("model", MODELS)
def test_analytic_gradient_matches_finite_differences(model: str) -> None:
    sample = cdnow_like_sample(3000, seed=5, model=model)
    data = bgnbd._Sample.build(sample["x"], sample["t_x"], sample["T"], None)
    theta = np.array([0.5, 3.0, 1.2, 2.0])
    _, analytic = bgnbd._total_log_likelihood(theta, data, model, grad=True)  # type: ignore[arg-type]

    def total(th: np.ndarray) -> float:
        return bgnbd._total_log_likelihood(th, data, model, grad=False)[0]  # type: ignore[arg-type]

    numeric = optimize.approx_fprime(theta, total, 1e-6)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-4, atol=1e-3)


def test_weights_are_the_same_as_repeated_rows() -> None:
    rng = np.random.default_rng(3)
    ages = rng.integers(27 * 7, 39 * 7, 4000) / 7.0
    sample = bgnbd.simulate(cdnow_params(), 4000, ages, seed=4)
    t_x = np.floor(sample["t_x"] * 7) / 7  # whole days, so that rows repeat
    x_u, t_u, T_u, counts = bgnbd.aggregate(sample["x"], t_x, sample["T"])
    assert counts.sum() == 4000
    assert len(counts) < 4000
    full = bgnbd.fit(sample["x"], t_x, sample["T"])
    grouped = bgnbd.fit(x_u, t_u, T_u, weights=counts)
    assert grouped.n == full.n == 4000
    assert grouped.log_likelihood == pytest.approx(full.log_likelihood, rel=1e-9)
    np.testing.assert_allclose(grouped.as_tuple(), full.as_tuple(), rtol=1e-4)


# ------------------------------------------------------------------------------------- recovery at CDNOW values


@pytest.mark.parametrize("model", MODELS)
def test_parameters_are_recovered_from_20000_simulated_customers(model: str) -> None:
    sample = cdnow_like_sample(20_000, seed=2005, model=model)
    fitted = bgnbd.fit(sample["x"], sample["t_x"], sample["T"], model=model)  # type: ignore[arg-type]
    assert fitted.converged
    assert fitted.model == model
    assert fitted.n == 20_000
    se = bgnbd.standard_errors(fitted, sample["x"], sample["t_x"], sample["T"])
    for name, truth in zip(("r", "alpha", "a", "b"), CDNOW, strict=True):
        estimate = getattr(fitted, name)
        assert abs(estimate - truth) < 3.5 * se[name], (name, estimate, truth, se[name])
        # MBG/NBD pins b down less well at CDNOW's short ages (its standard error is about 20% of b, twice BG/NBD's).
        if model == "bgnbd" or name in ("r", "alpha"):
            assert abs(estimate - truth) < 0.15 * truth, (name, estimate, truth)
    # The maximum beats the truth, as it must.
    at_truth = bgnbd.log_likelihood(cdnow_params(model), sample["x"], sample["t_x"], sample["T"])
    assert fitted.log_likelihood >= at_truth


def test_log_likelihood_per_customer_is_in_line_with_the_published_cdnow_fit() -> None:
    """A units and normalisation check: customers drawn from the published CDNOW estimates, with CDNOW-like ages,
    score about the published LL per customer (-9582.4 / 2357 = -4.07) at those estimates. A missing Gamma or Beta
    term, or recency in the wrong unit, moves it by far more than the 3% allowed."""
    sample = cdnow_like_sample(20_000, seed=1997)
    per_customer = bgnbd.log_likelihood(cdnow_params(), sample["x"], sample["t_x"], sample["T"]) / 20_000
    published = CDNOW_PUBLISHED["log_likelihood"] / CDNOW_PUBLISHED["n"]
    assert per_customer == pytest.approx(published, rel=0.03)
    # CDNOW's 2,357 customers made 2,457 repeat purchases in the calibration period.
    assert sample["x"].mean() == pytest.approx(2457 / 2357, rel=0.05)


def test_fit_from_a_poor_start_and_with_array_like_inputs() -> None:
    sample = cdnow_like_sample(5000, seed=8)
    default = bgnbd.fit(sample["x"], sample["t_x"], sample["T"])
    far = bgnbd.fit(sample["x"].tolist(), sample["t_x"].tolist(), sample["T"].tolist(), initial=(5.0, 0.1, 10.0, 0.1))
    assert far.converged
    np.testing.assert_allclose(far.as_tuple(), default.as_tuple(), rtol=1e-3)


def test_a_stop_in_the_line_search_at_the_optimum_counts_as_converged(monkeypatch: pytest.MonkeyPatch) -> None:
    """L-BFGS-B may end with ABNORMAL_TERMINATION_IN_LNSRCH at the optimum, depending on the order the rows were
    summed in (an engine returns them in any order). Converged means a stationary point, not the optimiser's flag;
    a fit stopped far from the optimum is still reported as not converged."""
    sample = cdnow_like_sample(3000, seed=11)
    optimum = bgnbd.fit(sample["x"], sample["t_x"], sample["T"])
    real_minimize = optimize.minimize

    def stops_in_the_line_search(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = real_minimize(*args, **kwargs)
        result.success = False
        result.message = "ABNORMAL_TERMINATION_IN_LNSRCH"
        return result

    monkeypatch.setattr(bgnbd.optimize, "minimize", stops_in_the_line_search)
    at_optimum = bgnbd.fit(sample["x"], sample["t_x"], sample["T"])
    assert at_optimum.converged
    assert at_optimum.as_tuple() == pytest.approx(optimum.as_tuple())
    stopped_early = bgnbd.fit(sample["x"], sample["t_x"], sample["T"], max_iterations=2)
    assert not stopped_early.converged


def test_fit_models_is_independent_of_row_order() -> None:
    sample = cdnow_like_sample(3000, seed=12)
    order = np.random.default_rng(3).permutation(3000)
    as_given = bgnbd.fit_models(sample["x"], sample["t_x"], sample["T"])
    shuffled = bgnbd.fit_models(sample["x"][order], sample["t_x"][order], sample["T"][order])
    assert [p.as_tuple() for p in as_given] == [p.as_tuple() for p in shuffled]
    assert all(p.converged for p in as_given)


# ----------------------------------------------------------------------------------------------------- P(alive)


def test_p_alive_is_one_without_repeat_purchases_in_bgnbd_only() -> None:
    ages = np.array([1.0, 10.0, 39.0, 500.0])
    assert np.all(bgnbd.p_alive(cdnow_params("bgnbd"), 0, 0, ages) == 1.0)
    mbg = bgnbd.p_alive(cdnow_params("mbgnbd"), 0, 0, ages)
    assert np.all((mbg > 0) & (mbg < 1))
    assert np.all(np.diff(mbg) < 0)  # the longer the silence, the likelier gone


@pytest.mark.parametrize("model", MODELS)
def test_p_alive_bounds_and_monotonicity(model: str) -> None:
    params = cdnow_params(model)
    T = 39.0
    recency = np.linspace(0.1, T, 50)
    for x in (1, 2, 5, 20):
        by_recency = bgnbd.p_alive(params, x, recency, T)
        assert np.all((by_recency >= 0) & (by_recency <= 1))
        assert np.all(np.diff(by_recency) > 0)  # a later last purchase means likelier alive
        assert by_recency[-1] == pytest.approx(1 / (1 + params.a / (params.b + x - (model == "bgnbd"))))
        by_age = bgnbd.p_alive(params, x, 10.0, np.linspace(10.0, 200.0, 50))
        assert np.all(np.diff(by_age) < 0)  # a longer silence means likelier gone
    # Extreme histories give 0, not NaN or an overflow warning.
    with np.errstate(all="raise"):
        assert bgnbd.p_alive(params, 5000, 0.001, 10_000.0) == 0.0


@pytest.mark.parametrize("model", MODELS)
def test_p_alive_is_calibrated_on_simulated_customers(model: str) -> None:
    sample = cdnow_like_sample(50_000, seed=21, model=model)
    predicted = bgnbd.p_alive(cdnow_params(model), sample["x"], sample["t_x"], sample["T"])
    observed = sample["alive"].astype(float)
    assert predicted.mean() == pytest.approx(observed.mean(), abs=4 * observed.std() / math.sqrt(len(observed)))
    repeaters = sample["x"] >= 1
    assert predicted[repeaters].mean() == pytest.approx(observed[repeaters].mean(), abs=0.01)


# ------------------------------------------------------------------------------------------ expected purchases


@pytest.mark.parametrize("model", MODELS)
def test_expected_purchases_increase_with_the_horizon(model: str) -> None:
    params = cdnow_params(model)
    horizons = np.array([0.0, 1.0, 4.0, 13.0, 26.0, 52.0, 104.0, 520.0])
    for x, t_x in ((0, 0.0), (1, 5.0), (4, 30.0), (30, 38.0)):
        expected = bgnbd.expected_purchases(params, horizons, x, t_x, 39.0)
        assert expected[0] == 0.0
        assert np.all(np.diff(expected) > 0)


@pytest.mark.parametrize("model", MODELS)
def test_stable_form_equals_the_published_form(model: str) -> None:
    params = cdnow_params(model)
    sample = cdnow_like_sample(2000, seed=31, model=model)
    for horizon in (1.0, 39.0, 104.0):
        stable = bgnbd.expected_purchases(params, horizon, sample["x"], sample["t_x"], sample["T"])
        direct = bgnbd.expected_purchases_direct(params, horizon, sample["x"], sample["t_x"], sample["T"])
        np.testing.assert_allclose(stable, direct, rtol=1e-9)
    # A new customer's conditional expectation is the unconditional one (FHL eq. 9).
    new = bgnbd.expected_purchases(params, 52.0, 0, 0.0, 0.0)
    assert new == pytest.approx(bgnbd.expected_purchases_new_customer(params, 52.0), rel=1e-12)


@pytest.mark.parametrize("model", MODELS)
def test_expected_purchases_match_a_simulated_holdout(model: str) -> None:
    """Averaged over customers, E[purchases in (T, T+t] | history] is the mean holdout count (total expectation)."""
    sample = cdnow_like_sample(100_000, seed=41, model=model, holdout=39.0)
    expected = bgnbd.expected_purchases(cdnow_params(model), 39.0, sample["x"], sample["t_x"], sample["T"])
    observed = sample["x_holdout"]
    assert expected.mean() == pytest.approx(observed.mean(), abs=4 * observed.std() / math.sqrt(len(observed)))
    # ... and so within groups of customers with the same frequency.
    for x in (0, 1, 3):
        rows = sample["x"] == x
        assert expected[rows].mean() == pytest.approx(observed[rows].mean(), rel=0.08)


@pytest.mark.parametrize("model", MODELS)
def test_new_customer_expectation_matches_simulation(model: str) -> None:
    sample = bgnbd.simulate(cdnow_params(model), 100_000, 52.0, seed=51)
    expected = bgnbd.expected_purchases_new_customer(cdnow_params(model), 52.0)
    assert expected == pytest.approx(sample["x"].mean(), abs=4 * sample["x"].std() / math.sqrt(100_000))


def test_expected_purchases_are_continuous_through_a_equal_to_one() -> None:
    values = [
        bgnbd.expected_purchases(BgNbdParams(0.243, 4.414, a, 2.426), 39.0, [0, 3], [0.0, 20.0], [30.0, 30.0])
        for a in (1.0 - 1e-4, 1.0, 1.0 + 1e-4)
    ]
    assert np.all(np.isfinite(values[1]))
    np.testing.assert_allclose(values[1], values[0], rtol=1e-3)
    np.testing.assert_allclose(values[1], values[2], rtol=1e-3)


# ------------------------------------------------------------------------------------------------------ the SQL


@pytest.mark.parametrize("model", MODELS)
def test_p_alive_sql_equals_numpy_in_duckdb(model: str) -> None:
    params = BgNbdParams(0.243, 4.414, 0.793, 2.426, model=model)  # type: ignore[arg-type]
    sample = cdnow_like_sample(5000, seed=61, model=model)
    # Integer frequency (as a warehouse stores it) and some extreme rows: overflow-sized odds, recency = age.
    frequency = np.concatenate([sample["x"], [0, 3000, 7, 1]]).astype(np.int64)
    recency = np.concatenate([sample["t_x"], [0.0, 0.01, 39.0, 2.0]])
    age = np.concatenate([sample["T"], [39.0, 5000.0, 39.0, 2.0]])
    customers = pa.table({"frequency": frequency, "recency_weeks": recency, "age_weeks": age})
    expression = bgnbd.p_alive_sql(params, x="frequency", t_x="recency_weeks", T="age_weeks")
    for function in ("exp(", "ln("):
        assert function in expression
    with duckdb.connect() as con:
        con.register("customers", customers)
        in_sql = con.sql(f"select {expression} as p_alive from customers").fetchnumpy()["p_alive"]
    in_numpy = bgnbd.p_alive(params, frequency, recency, age)
    np.testing.assert_allclose(np.asarray(in_sql, dtype=float), in_numpy, rtol=1e-12, atol=1e-300)
    assert in_numpy[-3] == 0.0


def test_p_alive_sql_quotes_nothing_and_has_double_literals() -> None:
    expression = bgnbd.p_alive_sql(cdnow_params())
    assert "2.43e-01 + x" in expression  # r as a double literal, never a decimal
    assert "'" not in expression


# ------------------------------------------------------------------------------------- simulation and checking


def test_simulate_is_deterministic_and_consistent() -> None:
    first = bgnbd.simulate(cdnow_params(), 1000, 39.0, seed=9, holdout=10.0)
    second = bgnbd.simulate(cdnow_params(), 1000, 39.0, seed=9, holdout=10.0)
    for key in first:
        np.testing.assert_array_equal(first[key], second[key])
    assert np.all(first["t_x"] <= first["T"])
    assert np.all(first["t_x"][first["x"] == 0] == 0)
    assert np.all(first["x_holdout"] >= 0)
    assert np.all(first["x_holdout"][~first["alive"]] == 0)  # the dead buy nothing


@pytest.mark.parametrize(
    ("x", "t_x", "T", "message"),
    [
        ([-1], [0.0], [1.0], "non-negative integer"),
        ([1.5], [0.5], [1.0], "non-negative integer"),
        ([1], [2.0], [1.0], r"t_x must lie in \[0, T\]"),
        ([0], [0.5], [1.0], "t_x must be 0 when x is 0"),
        ([1], [np.nan], [1.0], "finite"),
    ],
)
def test_bad_inputs_are_refused(x: list[float], t_x: list[float], T: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        bgnbd.fit(x, t_x, T)


def test_unknown_model_and_bad_weights_are_refused() -> None:
    with pytest.raises(ValueError, match="model must be one of"):
        bgnbd.fit([1], [0.5], [1.0], model="pareto")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="weights"):
        bgnbd.fit([1, 2], [0.5, 0.7], [1.0, 1.0], weights=[1.0])
    with pytest.raises(ValueError, match="no customers"):
        bgnbd.fit([1], [0.5], [1.0], weights=[0.0])
