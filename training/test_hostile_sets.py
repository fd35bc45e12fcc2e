"""The hostile-set table (training/fixtures/hostile-sets.json) through contract.check_folder: the
same verdict as the page gives in e2e/own/hostileSets.spec.ts, every `names` fragment in the
message. The sets are written by make_hostile_sets.py into a temp folder (the 1.5 GB one sparse)."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract  # noqa: E402
import make_hostile_sets  # noqa: E402

CASES = make_hostile_sets.cases()


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for case in CASES:
        make_hostile_sets.write_case(str(folder), case)
    return folder


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_check_folder_gives_the_pages_verdict(sets, case):
    folder = os.path.join(sets, case["id"])
    if case["verdict"] == "opens":
        contract.check_folder(folder)
        return
    with pytest.raises(ValueError) as refused:
        contract.check_folder(folder)
    for fragment in case["names"]:
        assert fragment in str(refused.value), str(refused.value)


def test_every_case_of_the_issue_is_in_the_table():
    ids = {c["id"] for c in CASES}
    assert {"title-object", "title-deep", "classes-2m", "T-1e9", "T-below-steps", "betaEnd-1", "image-huge",
            "decoder-output-huge", "nullClass-1e12", "unknown-deep", "params-string", "html-names", "many-denoisers",
            "fp16", "int-t", "static-batch", "no-null-row", "opset-99", "random-bytes", "huge-file"} <= ids
    assert any(c["id"].startswith("path-") for c in CASES) and any("url" in c["id"] for c in CASES)
