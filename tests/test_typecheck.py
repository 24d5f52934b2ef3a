"""The type check of ``src/analysis`` and ``src/booktools`` (``make typecheck``, part of
``make check`` and so of ``make test``).

mypy, pinned in requirements.txt with the stubs it needs, checks both packages with the
settings of ``[tool.mypy]`` in pyproject.toml. The check itself runs once, as a make
target; these tests guard the guard: mypy, with those settings, reports each kind of fault
they are there to catch (a wrong argument type, an unannotated function, an ignore without
an error code, an ignore that is no longer needed) in a planted module; and ``make check``
(so ``make test``) runs the check.

mypy runs as ``python -m mypy`` of the environment running the tests, from the project
root. The package is checked with mypy's default cache (``.mypy_cache``, gitignored): after
``make typecheck`` that takes about a second, cold about 40 s. The planted module is checked
with a cache of its own under ``tmp_path`` (about a second).
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "pyproject.toml"


def _mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(CONFIG), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_mypy_reports_planted_faults(tmp_path: Path) -> None:
    planted = tmp_path / "planted_faults.py"
    planted.write_text(
        textwrap.dedent("""\
        def double(x: int) -> int:
            return 2 * x


        def untyped(x):
            return x


        WRONG = double("two")
        BARE: int = "three"  # type: ignore
        UNUSED: int = 4  # type: ignore[assignment]
        """),
        encoding="utf-8",
    )
    # A cache of its own: mypy replays a cached module's errors, and the planted module
    # stays out of the project's cache.
    result = _mypy("--cache-dir", str(tmp_path / "mypy-cache"), str(planted))
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    name = planted.name
    expected = {
        9: '"double" has incompatible type "str"; expected "int"  [arg-type]',
        5: "Function is missing a type annotation  [no-untyped-def]",
        10: '"type: ignore" comment without error code',
        11: 'Unused "type: ignore" comment  [unused-ignore]',
    }
    for line, message in expected.items():
        assert re.search(rf"{re.escape(name)}:{line}: error: .*{re.escape(message)}", out), (
            f"line {line}: {message!r} not reported:\n{out}"
        )
    assert re.search(r"^Found 4 errors in 1 file", out, re.M), out


def test_make_test_runs_the_type_check() -> None:
    from conftest import make_test_step

    recipe = make_test_step("typecheck")
    assert "\t$(VENV)/bin/mypy\n" in recipe + "\n", recipe  # files: [tool.mypy] in pyproject
    import tomllib

    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["files"] == ["src/analysis", "src/booktools"]
    locked = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    for package in ("mypy", "types-PyYAML", "types-docutils"):
        assert any(line.startswith(f"{package}==") for line in locked), package
