"""pytest's hooks for training/. A test marked `needs_node` runs Node: onnxruntime-node, or check-set
(contract.py's checks). Without node, onnxruntime-node or tsx it is skipped on a developer's machine,
and fails under CI (the CI variable set): a CI run must not pass by skipping what it never ran."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ort_node  # noqa: E402


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def pytest_configure(config):
    config.addinivalue_line("markers", "needs_node: runs Node (onnxruntime-node, check-set): skipped without it, "
                                       "failed under CI")


def pytest_runtest_setup(item):
    # Here, not in a fixture: the test's module-scoped fixtures (a guide run that writes manifests,
    # and so runs check-set) are set up before any function-scoped one could skip it.
    if item.get_closest_marker("needs_node") is None:
        return
    missing = ort_node.missing()
    if missing is None:
        return
    if under_ci():
        pytest.fail(f"this test needs Node, and {missing}: CI is set, so it fails instead of skipping "
                    "(install Node 20 and run npm ci before the Python tests)", pytrace=False)
    pytest.skip(f"needs Node: {missing} (npm ci; under CI this fails)")
