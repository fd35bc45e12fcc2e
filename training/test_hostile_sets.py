"""The hostile-set table (training/fixtures/hostile-sets.json), checked once: every set written by
make_hostile_sets.py into a temp folder (the 1.5 GB one sparse), all of them given one
`npm run check-set` (the page's own code and messages), and each verdict must be the case's, with
every `names` fragment in the message. e2e/own/hostileSets.spec.ts opens the same folders in the
page and asserts the same fragments (and that the tab stays responsive and within its memory)."""
import json
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_hostile_sets  # noqa: E402
import ort_node  # noqa: E402

CASES = make_hostile_sets.cases()


@pytest.mark.needs_node
def test_check_set_gives_every_case_its_verdict(tmp_path):
    folders = [make_hostile_sets.write_case(str(tmp_path), case) for case in CASES]
    done = subprocess.run(["npm", "run", "--silent", "check-set", "--", "--json", *folders], cwd=ort_node.ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr  # some are refused
    verdicts = {os.path.basename(v["folder"]): v for v in map(json.loads, done.stdout.splitlines())}
    assert list(verdicts) == [c["id"] for c in CASES]
    wrong = []
    for case in CASES:
        v = verdicts[case["id"]]
        message = v.get("message", "")
        got = "opens" if v["verdict"] == "opens" else "refused"
        if got != case["verdict"] or not all(fragment in message for fragment in case["names"]):
            wrong.append(f"{case['id']}: expected {case['verdict']} naming {case['names']}, got {got}: {message}")
    assert not wrong, "\n".join(wrong)


def test_every_case_of_the_issue_is_in_the_table():
    ids = {c["id"] for c in CASES}
    assert {"title-object", "title-deep", "classes-2m", "T-1e9", "T-below-steps", "betaEnd-1", "image-huge",
            "decoder-output-huge", "nullClass-1e12", "unknown-deep", "params-string", "html-names", "many-denoisers",
            "fp16", "int-t", "static-batch", "no-null-row", "opset-99", "random-bytes", "huge-file"} <= ids
    assert any(c["id"].startswith("path-") for c in CASES) and any("url" in c["id"] for c in CASES)
