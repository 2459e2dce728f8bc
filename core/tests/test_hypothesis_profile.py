"""The property-based tests run the same examples on every `make test` (issue 10): CI passes or
fails by the code, not by the draw. `make fuzz` loads the random profile instead."""

from __future__ import annotations

import os

from hypothesis import settings


def test_the_ci_profile_is_deterministic_and_loaded_by_default():
    ci = settings.get_profile("ci")
    assert ci.derandomize is True
    assert ci.database is None
    assert ci.print_blob is True
    assert ci.max_examples == 25
    active = settings.default
    if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci":
        assert (active.derandomize, active.database, active.max_examples) == (True, None, 25)


def test_the_fuzz_profile_draws_more_and_fresh_examples():
    fuzz = settings.get_profile("fuzz")
    assert fuzz.derandomize is False
    if "FUZZ_EXAMPLES" not in os.environ:
        assert fuzz.max_examples == 500  # twenty times what `make test` draws
    assert fuzz.print_blob is True
