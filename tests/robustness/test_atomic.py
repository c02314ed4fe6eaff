"""Exports are written all-or-nothing: a run that fails or is killed while writing leaves every previous
file whole and parseable, and no temporary file stays behind (a killed run's are removed by the next)."""
from __future__ import annotations

import errno
import importlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conflict_kg.cli import main

from .conftest import ALL_EXPORTS, export_is_complete, parse_exports, temporary_files

build_module = importlib.import_module("conflict_kg.build")
FIRST = "Russian forces attacked Avdiivka with glide bombs on Sunday, the regional governor said."
SECOND = "The 47th Mechanised Brigade repelled an assault near Robotyne on Tuesday, the General Staff said."
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def previous_export(tmp_path, warm_pipeline):
    """A first, complete build in `out`, its bytes, and a folder of different articles for the second run."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "avdiivka.txt").write_text(FIRST, encoding="utf-8")
    (second / "robotyne.txt").write_text(SECOND, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(first), "--out", str(out)]) == 0
    snapshot = {name: (out / name).read_bytes() for name in ALL_EXPORTS}
    return out, snapshot, second


def test_failure_while_rendering_overwrites_nothing(previous_export, capsys, monkeypatch):
    out, snapshot, second = previous_export
    capsys.readouterr()

    def broken(g):
        raise RuntimeError("renderer broke")

    monkeypatch.setattr(build_module, "render_html", broken)
    assert main(["build", str(second), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "cannot build the export even without any article" in err and "renderer broke" in err
    assert {name: (out / name).read_bytes() for name in ALL_EXPORTS} == snapshot
    assert temporary_files(out) == []


def test_failure_while_writing_the_temporary_files_overwrites_nothing(previous_export, capsys, monkeypatch):
    out, snapshot, second = previous_export
    real_fsync, calls = os.fsync, []

    def disk_full_on_fourth_file(fd):
        calls.append(fd)
        if len(calls) == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", disk_full_on_fourth_file)
    assert main(["build", str(second), "--out", str(out)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert len(calls) == 4
    assert {name: (out / name).read_bytes() for name in ALL_EXPORTS} == snapshot
    assert temporary_files(out) == []
    export_is_complete(out)


def test_failure_between_renames_leaves_every_file_whole(previous_export, capsys, monkeypatch):
    out, snapshot, second = previous_export
    real_replace, calls = os.replace, []

    def fails_on_third_rename(source, target, *args, **kwargs):
        calls.append(target)
        if len(calls) == 3:
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", fails_on_third_rename)
    assert main(["build", str(second), "--out", str(out)]) == 2
    assert temporary_files(out) == []
    for name in ALL_EXPORTS:  # each file is either the previous one or the new one, never a mixture
        assert (out / name).read_bytes() == snapshot[name] or "robotyne" in (out / name).read_text(encoding="utf-8")
    changed = [name for name in ALL_EXPORTS if (out / name).read_bytes() != snapshot[name]]
    assert changed == list(ALL_EXPORTS[:2])
    parse_exports(out, same_triples=False)
    assert (out / "graph.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


KILLER = """
import os, signal, sys
real_replace, calls = os.replace, []
def replace(source, target, *args, **kwargs):
    calls.append(target)
    if len(calls) == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(source, target, *args, **kwargs)
os.replace = replace
from conflict_kg.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_killed_run_leaves_previous_files_whole_and_the_next_run_removes_its_temporary_files(previous_export):
    out, snapshot, second = previous_export
    killed = subprocess.run([sys.executable, "-c", KILLER, "build", str(second), "--out", str(out)],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left = temporary_files(out)
    assert len(left) == len(ALL_EXPORTS) - 2  # the files not yet renamed when the process died
    for name in ALL_EXPORTS:
        assert (out / name).read_bytes() == snapshot[name] or "robotyne" in (out / name).read_text(encoding="utf-8")
    parse_exports(out, same_triples=False)

    assert main(["build", str(second), "--out", str(out)]) == 0
    assert temporary_files(out) == []
    export_is_complete(out)
    # SECOND gives no claim, so the Neo4j relationship file and claims.csv hold only their header.
    assert all("robotyne" in (out / name).read_text(encoding="utf-8") for name in ALL_EXPORTS
               if name not in ("entities.csv", "claims.csv", "neo4j-relationships.csv"))


def test_temporary_files_of_a_live_process_are_not_removed(tmp_path):
    live = tmp_path / f".graph.ttl.{os.getppid()}.abc123.tmp"
    dead = tmp_path / ".graph.nt.999999999.abc123.tmp"
    other = tmp_path / ".notes.txt.999999999.abc123.tmp"
    for path in (live, dead, other):
        path.write_text("partial", encoding="utf-8")
    assert build_module.remove_stale_temporary_files(tmp_path) == [dead]
    assert live.exists() and other.exists() and not dead.exists()


def test_export_files_are_readable_like_any_file_the_user_creates(previous_export):
    out, _, _ = previous_export
    umask = os.umask(0)
    os.umask(umask)
    for name in ALL_EXPORTS:
        assert (out / name).stat().st_mode & 0o777 == 0o666 & ~umask
