"""The order notebooks start in: longest last-known execution first, so that the workers
finish close together. The times kept beside the execution cache come first; a cold build
(no cache) takes those of the committed benchmark snapshot; an untimed notebook leads."""

from __future__ import annotations

import json
from pathlib import Path

from booktools.execute import TIMES_FILE, _longest_first


def _snapshot(root: Path, seconds: dict[str, float]) -> None:
    run = {"seconds": 1.0, "returncode": 0, "exec_seconds": seconds}
    data = {"steps": {"cold_build_serial": {"runs": [run]}, "cold_build": {"runs": []}}}
    (root / "data").mkdir(parents=True)
    (root / "data" / "bench.json").write_text(json.dumps(data), encoding="utf-8")


def test_cold_build_orders_by_the_benchmark_snapshot(tmp_path: Path) -> None:
    _snapshot(tmp_path, {"a.ipynb": 1.0, "b.ipynb": 9.0, "c.ipynb": 4.0})
    paths = [tmp_path / n for n in ("a.ipynb", "b.ipynb", "c.ipynb", "new.ipynb")]
    order = _longest_first(paths, tmp_path, tmp_path / "_build" / "cache")
    assert [p.name for p in order] == ["new.ipynb", "b.ipynb", "c.ipynb", "a.ipynb"]


def test_times_beside_the_cache_win_over_the_snapshot(tmp_path: Path) -> None:
    _snapshot(tmp_path, {"a.ipynb": 1.0, "b.ipynb": 9.0})
    cache = tmp_path / "_build" / "cache"
    cache.mkdir(parents=True)
    (cache / TIMES_FILE).write_text(json.dumps({"a.ipynb": 5.0, "b.ipynb": 2.0}))
    order = _longest_first([tmp_path / "a.ipynb", tmp_path / "b.ipynb"], tmp_path, cache)
    assert [p.name for p in order] == ["a.ipynb", "b.ipynb"]


def test_no_times_at_all_keeps_the_name_order(tmp_path: Path) -> None:
    paths = [tmp_path / "b.ipynb", tmp_path / "a.ipynb"]
    order = _longest_first(paths, tmp_path, tmp_path / "cache")
    assert [p.name for p in order] == ["a.ipynb", "b.ipynb"]
