"""The runner's files appear whole: readers poll for them to exist, then parse."""

import json
import os

from localrunner import files


def test_a_reader_never_sees_the_file_before_it_is_whole(tmp_path, monkeypatch):
    # GIVEN a reader that looks at the target at the moment it appears
    target = tmp_path / "state" / "runner.json"
    value = {"url": "http://127.0.0.1:1", "padding": "x" * 200_000}
    real_replace, seen = os.replace, []

    def replace(source, destination):
        seen.append(target.exists())
        real_replace(source, destination)
        seen.append(json.loads(target.read_text(encoding="utf-8")) == value)

    monkeypatch.setattr(files.os, "replace", replace)
    # WHEN the runner writes it
    files.write_json(target, value)
    # THEN it did not exist until it was complete, and nothing else is left beside it
    assert seen == [False, True]
    assert [p.name for p in target.parent.iterdir()] == ["runner.json"]
    assert target.stat().st_mode & 0o077 == 0  # the snapshot holds API key values


def test_a_rewrite_replaces_the_file_whole(tmp_path):
    target = tmp_path / "runner.json"
    files.write_json(target, {"n": 1})
    files.write_json(target, {"n": 2})
    assert json.loads(target.read_text(encoding="utf-8")) == {"n": 2}
