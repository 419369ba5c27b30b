"""How long a BG/NBD fit takes at warehouse scale: simulate customers at the CDNOW estimates, measure recency and age
in whole days (as the warehouse does), aggregate identical (x, t_x, T) rows, fit, and score P(alive) and expected
purchases on the unique rows.

    .venv/bin/python -m bench.bgnbd_speed --customers 10000000
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

import numpy as np

from tagwarehouse import bgnbd


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=10_000_000, help="customers to simulate (default 10M)")
    parser.add_argument("--max-age-days", type=int, default=730, help="customer ages drawn from 1..this many days")
    parser.add_argument("--model", choices=bgnbd.MODELS, default="bgnbd")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    published = bgnbd.CDNOW_PUBLISHED
    truth = bgnbd.BgNbdParams(
        r=published["r"], alpha=published["alpha"], a=published["a"], b=published["b"], model=args.model
    )
    timings: dict[str, float] = {}

    started = time.perf_counter()
    ages_days = np.random.default_rng(args.seed).integers(1, args.max_age_days + 1, args.customers)
    sample = bgnbd.simulate(truth, args.customers, ages_days / 7.0, seed=args.seed + 1)
    # Whole days, in weeks, rounded to the nearest day as a difference of two dates is (flooring would bias alpha).
    recency = np.minimum(np.round(sample["t_x"] * 7.0) / 7.0, sample["T"])
    timings["simulate"] = time.perf_counter() - started

    started = time.perf_counter()
    x, t_x, T, counts = bgnbd.aggregate(sample["x"], recency, sample["T"])
    timings["aggregate"] = time.perf_counter() - started

    started = time.perf_counter()
    fitted = bgnbd.fit(x, t_x, T, weights=counts, model=args.model)
    timings["fit"] = time.perf_counter() - started

    started = time.perf_counter()
    bgnbd.p_alive(fitted, x, t_x, T)
    bgnbd.expected_purchases(fitted, 26.0, x, t_x, T)
    timings["score"] = time.perf_counter() - started

    print(f"customers       {args.customers:,}")
    print(f"unique rows     {len(counts):,}")
    for step, seconds in timings.items():
        print(f"{step:<15} {seconds:8.2f} s")
    print(f"model           {fitted.model} (converged: {fitted.converged}, {fitted.iterations} iterations)")
    for name in ("r", "alpha", "a", "b"):
        print(f"{name:<15} {getattr(fitted, name):8.4f}  (true {getattr(truth, name):.4f})")
    print(f"log-likelihood  {fitted.log_likelihood:,.1f}")


if __name__ == "__main__":
    main()
