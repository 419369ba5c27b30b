"""BG/NBD (Fader, Hardie & Lee 2005) and MBG/NBD (Batislam, Denizel & Filiztekin 2007) churn models.

Each customer is summarised by three numbers, all in the same time unit (weeks in this project):

* ``x``   frequency: the number of *repeat* purchases in the observation window (the first purchase is not counted);
* ``t_x`` recency: the time of the last purchase, measured from the first purchase (0 when ``x == 0``);
* ``T``   age: the time from the first purchase to the end of the observation window.

While alive a customer buys as a Poisson process with rate ``lambda ~ Gamma(r, alpha)`` (shape r, rate alpha) and,
after each repeat purchase, drops out for good with probability ``p ~ Beta(a, b)``. MBG/NBD also lets the customer
drop out right at the first purchase, so a customer with ``x == 0`` may already be gone.

The four parameters are fitted by maximum likelihood (L-BFGS-B on log-parameters, analytic gradient, the
per-customer likelihood written in logs and combined with logsumexp). Identical ``(x, t_x, T)`` rows can be passed
once with a count in ``weights``, which is how ten million customers fit in seconds: see :func:`aggregate`.

Everything is vectorised NumPy/SciPy; nothing needs pandas. See docs/churn_model.md for the maths and the choices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt
from scipy import optimize, special

if TYPE_CHECKING:
    import pyarrow as pa

Model = Literal["bgnbd", "mbgnbd"]
MODELS: tuple[Model, ...] = ("bgnbd", "mbgnbd")
ArrayLike = npt.ArrayLike
FloatArray = npt.NDArray[np.float64]

# Log-parameters are kept inside these bounds; a fit that ends on one is reported as not converged.
_LOG_BOUND = 12.0
# First-order optimality: a fit is converged when the gradient of the mean log-likelihood with respect to the
# log-parameters is this small, even if L-BFGS-B's line search stopped on rounding noise at the optimum (it reports
# ABNORMAL_TERMINATION_IN_LNSRCH there, depending on the order the rows were summed in).
_GRADIENT_TOLERANCE = 1e-6
# exp(z) overflows a double above ~709.78; the SQL rendering treats larger exponents as P(alive) = 0.
_SQL_EXP_LIMIT = 700.0

#: Estimates published for the CDNOW sample (2,357 customers, 39-week calibration period, weeks) in Fader, Hardie &
#: Lee (2005), "Counting your customers the easy way", Marketing Science 24(2), table on p. 281.
CDNOW_PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "log_likelihood": -9582.4, "n": 2357}


@dataclass(frozen=True)
class BgNbdParams:
    """Fitted (or given) parameters of a BG/NBD or MBG/NBD model.

    ``log_likelihood`` is the weighted total over customers (comparable to published values), ``n`` the number of
    customers (the sum of the weights), ``converged`` whether the optimiser reported success away from the bounds.
    """

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float = math.nan
    n: int = 0
    converged: bool = True
    model: Model = "bgnbd"
    iterations: int = 0

    def as_tuple(self) -> tuple[float, float, float, float]:
        """(r, alpha, a, b)."""
        return (self.r, self.alpha, self.a, self.b)


def _dot(u: FloatArray, v: FloatArray) -> float:
    """Inner product without BLAS: OpenBLAS's threaded ddot is slower than this at these sizes, badly so on a
    loaded machine, and the fit calls it a dozen times per likelihood evaluation."""
    return float(np.einsum("i,i->", u, v))


def _check_model(model: str) -> Model:
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}, got {model!r}")
    return model  # type: ignore[return-value]


def _as_inputs(x: ArrayLike, t_x: ArrayLike, T: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Broadcasts and validates the customer summaries (float64 arrays of one shape)."""
    xa, ta, Ta = np.broadcast_arrays(
        np.asarray(x, dtype=np.float64), np.asarray(t_x, dtype=np.float64), np.asarray(T, dtype=np.float64)
    )
    if not (np.all(np.isfinite(xa)) and np.all(np.isfinite(ta)) and np.all(np.isfinite(Ta))):
        raise ValueError("x, t_x and T must be finite")
    if np.any(xa < 0) or np.any(xa != np.round(xa)):
        raise ValueError("x (repeat purchases) must be a non-negative integer")
    if np.any(ta < 0) or np.any(ta > Ta * (1 + 1e-12)):
        raise ValueError("t_x must lie in [0, T]")
    if np.any((xa == 0) & (ta != 0)):
        raise ValueError("t_x must be 0 when x is 0")
    return xa, ta, Ta


@dataclass(frozen=True)
class _Sample:
    """Customer rows prepared for repeated likelihood evaluations: flat float arrays, positive weights, and the
    distinct x values with each row's index into them (the gamma and beta terms depend on x only)."""

    x: FloatArray
    t_x: FloatArray
    T: FloatArray
    w: FloatArray
    levels: FloatArray
    index: npt.NDArray[np.intp]
    w_per_level: FloatArray

    @classmethod
    def build(cls, x: ArrayLike, t_x: ArrayLike, T: ArrayLike, weights: ArrayLike | None) -> _Sample:
        xa, ta, Ta = (v.ravel() for v in _as_inputs(x, t_x, T))
        if weights is None:
            w = np.ones_like(xa)
        else:
            w = np.asarray(weights, dtype=np.float64).ravel()
            if w.shape != xa.shape or np.any(w < 0) or not np.all(np.isfinite(w)):
                raise ValueError("weights must be finite, non-negative and one per row")
            keep = w > 0
            xa, ta, Ta, w = xa[keep], ta[keep], Ta[keep], w[keep]
        if w.sum() <= 0:
            raise ValueError("no customers to fit")
        levels, index = np.unique(xa, return_inverse=True)
        return cls(xa, ta, Ta, w, levels, index, np.bincount(index, weights=w, minlength=len(levels)))


def _row_log_likelihood(
    theta: FloatArray, data: _Sample, model: Model
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, dict[str, FloatArray]]:
    """Per-row log-likelihood, with what the gradient needs.

    BG/NBD:  L = B(a, b+x)/B(a,b) * G + [x > 0] * B(a+1, b+x-1)/B(a,b) * G * ((alpha+T)/(alpha+t_x))^(r+x)
    MBG/NBD: L = B(a, b+x+1)/B(a,b) * G + B(a+1, b+x)/B(a,b) * G * ((alpha+T)/(alpha+t_x))^(r+x)
    with G = Gamma(r+x) alpha^r / (Gamma(r) (alpha+T)^(r+x)). In logs, l1 is the first term and d = l2 - l1 the
    log-ratio of the second to the first (-inf where there is no second term), so log L = l1 + log(1 + e^d),
    evaluated stably as l1 + max(d, 0) + log1p(e^-|d|) (the logsumexp of the two terms).

    Returns (log L, d, log(alpha+T), log(alpha+t_x), per-x-level terms).
    """
    r, alpha, a, b = (float(v) for v in theta)
    levels = data.levels
    if model == "bgnbd":
        s1, s2 = levels, levels - 1.0
        has_second = levels > 0
    else:
        s1, s2 = levels + 1.0, levels
        has_second = np.ones_like(levels, dtype=bool)
    b2 = np.where(has_second, b + s2, 1.0)  # a safe placeholder where the second term is absent (x = 0, BG/NBD)
    common = special.gammaln(r + levels) - special.gammaln(r) + r * math.log(alpha) - special.betaln(a, b)
    c1 = common + special.betaln(a, b + s1)
    c2_minus_c1 = np.where(has_second, special.betaln(a + 1.0, b2) - special.betaln(a, b + s1), -np.inf)
    log_aT = np.log(alpha + data.T)
    log_atx = np.log(alpha + data.t_x)
    rx = r + data.x
    l1 = c1[data.index] - rx * log_aT
    d = c2_minus_c1[data.index] - rx * (log_atx - log_aT)
    ll = l1 + np.maximum(d, 0.0) + np.log1p(np.exp(-np.abs(d)))
    return ll, d, log_aT, log_atx, {"s1": s1, "b2": b2, "has_second": has_second}


def _total_log_likelihood(
    theta: FloatArray, data: _Sample, model: Model, *, grad: bool
) -> tuple[float, FloatArray | None]:
    """The weighted total log-likelihood and, when ``grad``, its gradient with respect to (r, alpha, a, b).

    With w2 = expit(d) (the posterior weight of the second term, "alive") and w1 = 1 - w2 per row,
    d log L / d theta = w1 dl1 + w2 dl2. Terms that depend on x only are summed per distinct x (``np.bincount``).
    """
    ll, d, log_aT, log_atx, per_level = _row_log_likelihood(theta, data, model)
    total = _dot(data.w, ll)
    if not grad:
        return total, None
    r, alpha, a, b = (float(v) for v in theta)
    s1, b2, has_second = per_level["s1"], per_level["b2"], per_level["has_second"]
    ww2 = data.w * special.expit(d)
    ww2_per_level = np.bincount(data.index, weights=ww2, minlength=len(data.levels))
    ww1_per_level = data.w_per_level - ww2_per_level
    psi = special.digamma
    d_beta_a = psi(a) - psi(a + b)  # d/da betaln(a, b)
    d_beta_b = psi(b) - psi(a + b)
    d1_a = psi(a) - psi(a + b + s1) - d_beta_a
    d2_a = np.where(has_second, psi(a + 1.0) - psi(a + 1.0 + b2) - d_beta_a, 0.0)
    d1_b = psi(b + s1) - psi(a + b + s1) - d_beta_b
    d2_b = np.where(has_second, psi(b2) - psi(a + 1.0 + b2) - d_beta_b, 0.0)
    d_common_r = psi(r + data.levels) - psi(r) + math.log(alpha)
    rx = r + data.x
    g_r = _dot(d_common_r, data.w_per_level) - _dot(data.w, log_aT) - _dot(ww2, log_atx - log_aT)
    g_alpha = (
        r / alpha * float(data.w_per_level.sum())
        - _dot(data.w - ww2, rx / (alpha + data.T))
        - _dot(ww2, rx / (alpha + data.t_x))
    )
    g_a = _dot(d1_a, ww1_per_level) + _dot(d2_a, ww2_per_level)
    g_b = _dot(d1_b, ww1_per_level) + _dot(d2_b, ww2_per_level)
    return total, np.array([g_r, g_alpha, g_a, g_b])


def log_likelihood(
    params: BgNbdParams | tuple[float, float, float, float],
    x: ArrayLike,
    t_x: ArrayLike,
    T: ArrayLike,
    weights: ArrayLike | None = None,
    model: Model | None = None,
) -> float:
    """The total (weighted) log-likelihood of the data at the given parameters."""
    if isinstance(params, BgNbdParams):
        theta = np.array(params.as_tuple())
        model = model or params.model
    else:
        theta = np.asarray(params, dtype=np.float64)
    data = _Sample.build(x, t_x, T, weights)
    total, _ = _total_log_likelihood(theta, data, _check_model(model or "bgnbd"), grad=False)
    return total


def aggregate(
    x: ArrayLike,
    t_x: ArrayLike,
    T: ArrayLike,
) -> tuple[FloatArray, FloatArray, FloatArray, npt.NDArray[np.int64]]:
    """Collapses identical (x, t_x, T) rows into unique rows and their counts (the ``weights`` of :func:`fit`).

    With recency and age measured in whole days there are few distinct rows even for millions of customers. The
    grouping runs in DuckDB (already a dependency; about 4x faster than a NumPy lexsort at 10M rows on two cores).
    In the warehouse, do it in SQL (``group by x, t_x, T`` with ``count(*)``) and fetch only the unique rows.
    """
    import duckdb
    import pyarrow as pa

    xa, ta, Ta = (v.ravel() for v in _as_inputs(x, t_x, T))
    customers = pa.table({"x": xa, "t_x": ta, "age": Ta})
    with duckdb.connect() as con:
        con.register("customers", customers)
        rows = con.sql(
            "select x, t_x, age, count(*) as n_customers from customers group by x, t_x, age order by x, t_x, age"
        ).fetchnumpy()
    return (
        np.asarray(rows["x"], dtype=np.float64),
        np.asarray(rows["t_x"], dtype=np.float64),
        np.asarray(rows["age"], dtype=np.float64),
        np.asarray(rows["n_customers"], dtype=np.int64),
    )


def _initial_log_theta(x: FloatArray, T: FloatArray, w: FloatArray) -> FloatArray:
    """A start for the optimiser: r = a = b = 1 and alpha matching the mean purchase rate."""
    rate = _dot(w, x) / max(_dot(w, T), 1e-12)
    alpha = 1.0 / max(rate, 1e-6)
    return np.log(np.array([1.0, min(alpha, 1e4), 1.0, 1.0]))


def fit(
    x: ArrayLike,
    t_x: ArrayLike,
    T: ArrayLike,
    weights: ArrayLike | None = None,
    model: Model = "bgnbd",
    *,
    initial: tuple[float, float, float, float] | None = None,
    max_iterations: int = 2000,
) -> BgNbdParams:
    """Maximum-likelihood fit of BG/NBD (``model='bgnbd'``) or MBG/NBD (``model='mbgnbd'``).

    ``x``, ``t_x`` and ``T`` are per-customer (or per unique row, with ``weights`` the number of customers sharing
    it). Optimises the mean log-likelihood over log(r, alpha, a, b) with L-BFGS-B and an analytic gradient.
    """
    model = _check_model(model)
    data = _Sample.build(x, t_x, T, weights)
    total = float(data.w.sum())

    def objective(log_theta: FloatArray) -> tuple[float, FloatArray]:
        theta = np.exp(log_theta)
        value, g = _total_log_likelihood(theta, data, model, grad=True)
        assert g is not None
        if not np.isfinite(value) or not np.all(np.isfinite(g)):
            return 1e100, np.zeros(4)
        return -value / total, -g * theta / total  # chain rule: d/d log(theta) = theta * d/d theta

    start = (
        np.log(np.asarray(initial, dtype=np.float64))
        if initial is not None
        else _initial_log_theta(data.x, data.T, data.w)
    )
    result = optimize.minimize(
        objective,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=[(-_LOG_BOUND, _LOG_BOUND)] * 4,
        options={"maxiter": max_iterations, "ftol": 1e-13, "gtol": 1e-9},
    )
    on_bound = bool(np.any(np.abs(result.x) > _LOG_BOUND - 1e-6))
    # L-BFGS-B returns the gradient at its last point (result.jac): no need to evaluate the objective again
    stationary = bool(result.success) or float(np.max(np.abs(result.jac))) <= _GRADIENT_TOLERANCE
    r, alpha, a, b = (float(v) for v in np.exp(result.x))
    return BgNbdParams(
        r=r,
        alpha=alpha,
        a=a,
        b=b,
        log_likelihood=-float(result.fun) * total,
        n=round(total),
        converged=stationary and not on_bound,
        model=model,
        iterations=int(result.nit),
    )


def standard_errors(
    params: BgNbdParams,
    x: ArrayLike,
    t_x: ArrayLike,
    T: ArrayLike,
    weights: ArrayLike | None = None,
) -> dict[str, float]:
    """Asymptotic standard errors of (r, alpha, a, b) from the observed information (numerical Hessian)."""
    data = _Sample.build(x, t_x, T, weights)
    theta0 = np.array(params.as_tuple())

    def score(theta: FloatArray) -> FloatArray:
        _, g = _total_log_likelihood(theta, data, params.model, grad=True)
        assert g is not None
        return g

    hessian = np.empty((4, 4))
    for j in range(4):
        step = 1e-5 * theta0[j]
        up, down = theta0.copy(), theta0.copy()
        up[j] += step
        down[j] -= step
        hessian[:, j] = (score(up) - score(down)) / (2 * step)
    hessian = (hessian + hessian.T) / 2
    covariance = np.linalg.inv(-hessian)
    return dict(zip(("r", "alpha", "a", "b"), np.sqrt(np.diag(covariance)).tolist(), strict=True))


def _log_odds_dead(params: BgNbdParams, x: FloatArray, t_x: FloatArray, T: FloatArray) -> FloatArray:
    """log(P(dead)/P(alive)) given the history; -inf where the customer is surely alive (BG/NBD with x = 0)."""
    r, alpha, a, b = params.as_tuple()
    ratio = (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
    if params.model == "bgnbd":
        safe = np.where(x > 0, b + x - 1.0, 1.0)
        return np.where(x > 0, math.log(a) - np.log(safe) + ratio, -np.inf)
    return math.log(a) - np.log(b + x) + ratio


def p_alive(params: BgNbdParams, x: ArrayLike, t_x: ArrayLike, T: ArrayLike) -> FloatArray:
    """P(customer still alive at T | x, t_x, T).

    BG/NBD:  1 / (1 + [x > 0] * a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x))
    MBG/NBD: 1 / (1 + a / (b + x) * ((alpha + T) / (alpha + t_x))^(r + x))
    computed as a logistic of the log-odds, so huge exponents give 0 rather than overflow.
    """
    xa, ta, Ta = _as_inputs(x, t_x, T)
    return special.expit(-_log_odds_dead(params, xa, ta, Ta))


def expected_purchases(
    params: BgNbdParams,
    t: ArrayLike,
    x: ArrayLike,
    t_x: ArrayLike,
    T: ArrayLike,
) -> FloatArray:
    """E[purchases in (T, T + t] | x, t_x, T]: the conditional expectation of FHL (2005) eq. 10 (MBG/NBD analogue).

    BG/NBD:  (a+b+x-1)/(a-1) * [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))] * P(alive)
    MBG/NBD: (a+b+x)/(a-1)   * [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x+1; a+b+x; t/(alpha+T+t))] * P(alive)

    The bracket is evaluated in its stable (Pfaff-transformed) form 1 - 2F1(r+x, a-1; c; -t/(alpha+T)), which is
    algebraically identical but never multiplies a vanishing power by a diverging hypergeometric function (as
    z -> 1, 2F1 above grows like (1-z)^(a-1-r-x)). The removable singularity at a = 1 is handled by evaluating
    at a = 1 +- 1e-6 and averaging.
    """
    xa, ta, Ta = _as_inputs(x, t_x, T)
    tt, xa, ta, Ta = np.broadcast_arrays(np.asarray(t, dtype=np.float64), xa, ta, Ta)
    if np.any(tt < 0):
        raise ValueError("t must be non-negative")
    r, alpha, a, b = params.as_tuple()
    alive = p_alive(params, xa, ta, Ta)

    def bracket_over_a_minus_1(a_: float) -> FloatArray:
        c = a_ + b + xa - (1.0 if params.model == "bgnbd" else 0.0)
        hyp = special.hyp2f1(r + xa, a_ - 1.0, c, -tt / (alpha + Ta))
        return c * (1.0 - hyp) / (a_ - 1.0)

    if abs(a - 1.0) < 1e-6:
        scaled = 0.5 * (bracket_over_a_minus_1(1.0 - 1e-6) + bracket_over_a_minus_1(1.0 + 1e-6))
    else:
        scaled = bracket_over_a_minus_1(a)
    return scaled * alive


def expected_purchases_direct(
    params: BgNbdParams,
    t: ArrayLike,
    x: ArrayLike,
    t_x: ArrayLike,
    T: ArrayLike,
) -> FloatArray:
    """The conditional expectation written exactly as published (untransformed 2F1); for tests and small t."""
    xa, ta, Ta = _as_inputs(x, t_x, T)
    tt = np.asarray(t, dtype=np.float64)
    r, alpha, a, b = params.as_tuple()
    shift = 1.0 if params.model == "bgnbd" else 0.0
    c = a + b + xa - shift
    z = tt / (alpha + Ta + tt)
    hyp = special.hyp2f1(r + xa, b + xa + (1.0 - shift), c, z)
    bracket = 1.0 - ((alpha + Ta) / (alpha + Ta + tt)) ** (r + xa) * hyp
    return c / (a - 1.0) * bracket * p_alive(params, xa, ta, Ta)


def expected_purchases_new_customer(params: BgNbdParams, t: ArrayLike) -> FloatArray:
    """E[X(t)]: expected repeat purchases in (0, t] of a customer just acquired (FHL 2005 eq. 9, MBG analogue)."""
    r, alpha, a, b = params.as_tuple()
    tt = np.asarray(t, dtype=np.float64)
    if params.model == "bgnbd":
        hyp = special.hyp2f1(r, a - 1.0, a + b - 1.0, -tt / alpha)
        return (a + b - 1.0) / (a - 1.0) * (1.0 - hyp)
    hyp = special.hyp2f1(r, a - 1.0, a + b, -tt / alpha)
    return b / (a - 1.0) * (1.0 - hyp)


def simulate(
    params: BgNbdParams,
    n: int,
    T: ArrayLike,
    seed: int | None = None,
    *,
    holdout: float = 0.0,
) -> dict[str, FloatArray]:
    """Draws ``n`` customers from the model (``params.model``) observed for ``T`` (a scalar or ``n`` ages).

    Exact and vectorised: the number of repeat purchases before dropout is geometric, the Poisson count over the
    window is drawn once, and the time of the x-th of N uniform arrivals is T * Beta(x, N - x + 1). With
    ``holdout > 0`` the customers are followed for that much longer and ``x_holdout`` counts the purchases in
    (T, T + holdout]. Returns a dict of arrays: x, t_x, T, alive (at T), and x_holdout when asked.
    """
    rng = np.random.default_rng(seed)
    Ta = np.broadcast_to(np.asarray(T, dtype=np.float64), (n,)).copy()
    lam = rng.gamma(params.r, 1.0 / params.alpha, size=n)
    p = rng.beta(params.a, params.b, size=n)
    # Repeat purchases made before (and including) the one after which the customer drops out.
    lifetime_purchases = rng.geometric(np.clip(p, 1e-300, 1.0)).astype(np.float64)  # 1, 2, ... (BG/NBD)
    if params.model == "mbgnbd":
        lifetime_purchases -= 1.0  # MBG/NBD: may drop out at the first purchase already: 0, 1, ...
    horizon = Ta + holdout
    n_total = rng.poisson(lam * horizon).astype(np.float64)
    n_window = rng.binomial(n_total.astype(np.int64), Ta / horizon).astype(np.float64) if holdout > 0 else n_total
    x = np.minimum(lifetime_purchases, n_window)
    t_x = np.zeros(n)
    bought = x > 0
    t_x[bought] = Ta[bought] * rng.beta(x[bought], n_window[bought] - x[bought] + 1.0)
    out = {"x": x, "t_x": t_x, "T": Ta, "alive": lifetime_purchases > n_window}
    if holdout > 0:
        out["x_holdout"] = np.minimum(lifetime_purchases, n_total) - x
    return out


def _sql_number(value: float) -> str:
    """A double-precision SQL literal (scientific notation is a double, not a decimal, on DuckDB and Spark)."""
    return np.format_float_scientific(value, unique=True, trim="-")  # shortest round-trip form, e.g. 2.43e-01


def p_alive_sql(params: BgNbdParams, x: str = "x", t_x: str = "t_x", T: str = "T") -> str:
    """A portable SQL expression (case, exp, ln, arithmetic only) for :func:`p_alive` with the parameters inlined.

    ``x``, ``t_x`` and ``T`` are SQL expressions (column names) for frequency, recency and age in the fitted time
    unit. Parameters are double literals so integer columns promote to double on every engine. Log-odds above 700
    give 0 instead of overflowing exp().
    """
    r, alpha, _, b = (_sql_number(v) for v in params.as_tuple())
    log_a = _sql_number(math.log(params.a))
    limit = _sql_number(_SQL_EXP_LIMIT)
    shift = " - 1" if params.model == "bgnbd" else ""
    log_odds = f"({log_a} - ln({b} + {x}{shift}) + ({r} + {x}) * (ln({alpha} + {T}) - ln({alpha} + {t_x})))"
    logistic = f"case when {log_odds} > {limit} then 0.0 else 1.0 / (1.0 + exp({log_odds})) end"
    if params.model == "bgnbd":
        return f"(case when {x} = 0 then 1.0 else {logistic} end)"
    return f"({logistic})"


# ---------------------------------------------------------------------------------------------------------------- dbt
#: The columns of the parameter table (the dbt model bgnbd_parameters and the seed bgnbd_parameters_fallback).
PARAMETER_COLUMNS: tuple[str, ...] = ("model", "r", "alpha", "a", "b", "log_likelihood", "n", "converged", "iterations")


def fit_models(
    x: ArrayLike,
    t_x: ArrayLike,
    T: ArrayLike,
    weights: ArrayLike | None = None,
    models: tuple[Model, ...] = MODELS,
) -> list[BgNbdParams]:
    """Fits each of ``models`` to the same data. With no customer at all (an empty warehouse) each model comes back
    with NaN parameters and ``converged = False`` instead of an exception, so a build reports it through its data
    tests rather than crashing."""
    xa, ta, Ta = (v.ravel() for v in _as_inputs(x, t_x, T))
    w = np.ones_like(xa) if weights is None else np.asarray(weights, dtype=np.float64).ravel()
    if xa.size == 0 or float(w.sum()) <= 0:
        return [BgNbdParams(math.nan, math.nan, math.nan, math.nan, math.nan, 0, False, model) for model in models]
    # An engine returns the rows in any order and floating-point sums depend on it: sort so a rebuild fits the
    # same numbers to the last bit.
    order = np.lexsort((w, Ta, ta, xa))
    xa, ta, Ta, w = xa[order], ta[order], Ta[order], w[order]
    return [fit(xa, ta, Ta, weights=w, model=model) for model in models]


def parameters_table(params: list[BgNbdParams]) -> pa.Table:
    """The parameter table as a pyarrow Table, one row per model, columns :data:`PARAMETER_COLUMNS`."""
    import pyarrow as pa

    return pa.table(
        {
            "model": pa.array([p.model for p in params], pa.string()),
            "r": pa.array([p.r for p in params], pa.float64()),
            "alpha": pa.array([p.alpha for p in params], pa.float64()),
            "a": pa.array([p.a for p in params], pa.float64()),
            "b": pa.array([p.b for p in params], pa.float64()),
            "log_likelihood": pa.array([p.log_likelihood for p in params], pa.float64()),
            "n": pa.array([p.n for p in params], pa.int64()),
            "converged": pa.array([p.converged for p in params], pa.bool_()),
            "iterations": pa.array([p.iterations for p in params], pa.int64()),
        }
    )


def params_from_row(row: dict[str, object]) -> BgNbdParams:
    """A :class:`BgNbdParams` from one row of the parameter table (a dict of column name to value)."""
    return BgNbdParams(
        r=float(row["r"]),  # type: ignore[arg-type]
        alpha=float(row["alpha"]),  # type: ignore[arg-type]
        a=float(row["a"]),  # type: ignore[arg-type]
        b=float(row["b"]),  # type: ignore[arg-type]
        log_likelihood=float(row["log_likelihood"]),  # type: ignore[arg-type]
        n=int(row["n"]),  # type: ignore[call-overload]
        converged=str(row["converged"]).lower() == "true",
        model=_check_model(str(row["model"])),
        iterations=int(row["iterations"]),  # type: ignore[call-overload]
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m tagwarehouse.bgnbd``: fits both models to grouped purchase histories (the rows of the dbt model
    int_bgnbd_inputs: frequency, recency_weeks, age_weeks, n_members) and writes the parameter table as CSV, e.g.
    the seed the Spark target reads (seeds/churn/bgnbd_parameters_fallback.csv)."""
    import argparse

    import duckdb

    parser = argparse.ArgumentParser(
        prog="python -m tagwarehouse.bgnbd",
        description="Fit BG/NBD and MBG/NBD to grouped purchase histories and write the parameter table as CSV.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--inputs", help="a Parquet or CSV file of int_bgnbd_inputs rows (exported from any engine)")
    source.add_argument("--duckdb", help="a DuckDB warehouse file holding int_bgnbd_inputs")
    parser.add_argument(
        "--relation",
        default="main_intermediate.int_bgnbd_inputs",
        help="the inputs relation inside --duckdb (default: %(default)s)",
    )
    parser.add_argument(
        "--out", required=True, help="the CSV file to write (e.g. seeds/churn/bgnbd_parameters_fallback.csv)"
    )
    args = parser.parse_args(argv)

    columns = "frequency, recency_weeks, age_weeks, n_members"
    if args.inputs:
        reader = "read_parquet" if args.inputs.endswith(".parquet") else "read_csv_auto"
        with duckdb.connect() as con:
            rows = con.sql(f"select {columns} from {reader}(?)", params=[args.inputs]).fetchnumpy()
    else:
        with duckdb.connect(args.duckdb, read_only=True) as con:
            rows = con.sql(f"select {columns} from {args.relation}").fetchnumpy()
    params = fit_models(rows["frequency"], rows["recency_weeks"], rows["age_weeks"], weights=rows["n_members"])
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        out.write(",".join(PARAMETER_COLUMNS) + "\n")
        for p in params:
            values = [p.model, *(repr(float(v)) for v in (p.r, p.alpha, p.a, p.b, p.log_likelihood))]
            out.write(",".join([*values, str(p.n), str(p.converged).lower(), str(p.iterations)]) + "\n")
    for p in params:
        print(
            f"{p.model}: r={p.r:.6g} alpha={p.alpha:.6g} a={p.a:.6g} b={p.b:.6g} "
            f"LL={p.log_likelihood:.6g} n={p.n} converged={p.converged}"
        )
    print(f"wrote {args.out}")
    return 0 if all(p.converged for p in params) else 1


if __name__ == "__main__":
    raise SystemExit(main())
