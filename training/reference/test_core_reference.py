"""The committed fixture src/core/__fixtures__/core_reference.json is what the script makes."""
import json
import math

from make_core_reference import OUT, build_reference


def assert_close(got, want, path="ref"):
    if isinstance(want, dict):
        assert got.keys() == want.keys(), path
        for k in want:
            assert_close(got[k], want[k], f"{path}.{k}")
    elif isinstance(want, list):
        assert len(got) == len(want), path
        for i, (g, w) in enumerate(zip(got, want)):
            assert_close(g, w, f"{path}[{i}]")
    elif isinstance(want, float):
        # libm / BLAS may differ in the last bits between machines
        assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12), f"{path}: {got} != {want}"
    else:
        assert got == want, path


def test_fixture_is_up_to_date():
    fresh = json.loads(json.dumps(build_reference()))
    committed = json.loads(OUT.read_text())
    assert_close(committed, fresh)
