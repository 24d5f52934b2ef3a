"""The publishing workflow (.github/workflows/book.yml), which cannot run here.

Checks its structure against what .ci/run does: the same make targets, the data from
the pinned URLs (no BOOK_DATA_MIRROR), the axe-core install, and a Pages deployment of
_build/html with the PDF inside, only from main. (A linter such as actionlint is not run:
see the README, "Publishing".)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"


def _load() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _runs(job: dict[str, Any]) -> list[str]:
    return [str(step["run"]) for step in job["steps"] if "run" in step]


def _uses(job: dict[str, Any]) -> list[str]:
    return [str(step["uses"]) for step in job["steps"] if "uses" in step]


def test_workflow_shape() -> None:
    wf = _load()
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as True
    assert {"push", "pull_request", "workflow_dispatch"} <= set(triggers)
    assert set(wf["jobs"]) == {"build", "deploy"}
    for name, job in wf["jobs"].items():
        assert job["runs-on"], name
        assert job["steps"], name
        for step in job["steps"]:
            assert ("run" in step) != ("uses" in step), f"{name}: step needs one of run/uses: {step}"
        for ref in _uses(job):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", ref), f"{name}: action not pinned to a major: {ref}"


def test_same_targets_as_ci_without_mirror() -> None:
    wf = _load()
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "BOOK_DATA_MIRROR" not in text, "the workflow must fetch the pinned URLs"
    build = wf["jobs"]["build"]
    commands = "\n".join(_runs(build))
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    targets = re.findall(r"^make (\w+)", ci, flags=re.M)
    assert targets == ["book", "pdf", "test"]
    found = re.findall(r"^make (\w+)", commands, flags=re.M)
    assert found == targets, f"workflow runs make {found}, CI runs make {targets}"
    assert "npm ci --prefix tools/axe" in commands
    assert build["env"]["BOOK_BROWSER_REQUIRED"] == "1"
    python = [s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/setup-python@")]
    assert python and python[0]["with"]["python-version"] == "3.11"


def test_deploys_site_with_pdf() -> None:
    wf = _load()
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert any("_build/html/book.pdf" in r for r in _runs(build))
    upload = [s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@")]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert any(u.startswith("actions/deploy-pages@") for u in _uses(deploy))
    assert wf["permissions"] == {"contents": "read"}
