"""Seed files load on every engine: dbt-spark's session seed loader does not escape single quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((PROJECT_ROOT / "seeds").rglob("*.csv"))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_has_no_single_quote(seed: Path) -> None:
    for number, line in enumerate(seed.read_text(encoding="utf-8").splitlines(), start=1):
        assert "'" not in line, f"{seed.relative_to(PROJECT_ROOT)}:{number} has a single quote (breaks Spark seeds)"
