"""Writing export files atomically: temporary files beside the targets, then renames.

`atomic_write_all({path: data, ...})` (or (path, data) pairs, made as they are asked for; data is
text, bytes, or text chunks written as they come) writes every file to a temporary file first and renames them over their targets only once all are written;
on any failure the temporary files are removed and the previous files stay whole.
`atomic_write(path, data)` is the one-file case. Temporary files are named `.NAME.PID.RANDOM.tmp`,
so `remove_stale_temporary_files` can tell those of killed runs.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

_TEMP_NAME = re.compile(r"^\.(?P<target>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


Data = str | bytes | Iterable[str]


def atomic_write_all(files: Mapping[Path, Data] | Iterable[tuple[Path, Data]]) -> tuple[Path, ...]:
    """`files` may be (path, data) pairs made as they are asked for: each is written to its temporary
    file before the next is made, and an error while making one counts as a failure to write."""
    mode = 0o666 & ~_umask()  # mkstemp makes 0600; exports are for sharing
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in (files.items() if isinstance(files, Mapping) else files):
            target = Path(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
            staged.append((Path(tmp), target))
            with os.fdopen(fd, "wb") as handle:
                for chunk in [data] if isinstance(data, (str, bytes)) else data:
                    handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
                handle.flush()
                os.fchmod(handle.fileno(), mode)
                os.fsync(handle.fileno())
        for tmp, target in staged:
            os.replace(tmp, target)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for folder in sorted({target.parent for _, target in staged}):
        _fsync_folder(folder)
    return tuple(target for _, target in staged)


def atomic_write(path: Path, data: Data) -> None:
    atomic_write_all({Path(path): data})


def remove_stale_temporary_files(folder: Path, targets: Collection[str]) -> list[Path]:
    """Remove the temporary files for `targets` left in `folder` by runs that were killed."""
    removed = []
    for path in sorted(Path(folder).iterdir()):
        match = _TEMP_NAME.match(path.name)
        if match and match["target"] in targets and not _process_alive(int(match["pid"])):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
