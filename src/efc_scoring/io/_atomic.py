"""Atomic writes: a file through a temporary file and a rename; a folder as a whole."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = ["MANIFEST", "atomic_path", "replace_folder", "write_bytes_atomic", "write_text_atomic"]


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.

    On any exception the temporary file is removed and ``target`` is left as it was;
    the temporary files of writers killed before they could remove theirs are removed
    here (see :func:`_remove_leftovers`).
    """
    target = Path(target)
    if target.is_dir():
        from efc_scoring.errors import OutputPathError

        raise OutputPathError(
            f"{target} est un dossier : donner un nom de fichier (par exemple "
            f"{target / 'sortie'}…), ou un autre chemin"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent
    )
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp creates 0600 files: give the output the permissions of an ordinary file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_path, 0o666 & ~umask)
        os.replace(tmp_path, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


def write_bytes_atomic(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return the path."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text_atomic(target: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 ``text`` to ``target`` atomically (LF line ends) and return the path."""
    return write_bytes_atomic(target, text.encode("utf-8"))


# ------------------------------------------------------------- whole folders
#: The file that lists what a folder written by :func:`replace_folder` holds.
MANIFEST = ".efc-scoring-dossier.json"


def replace_folder(
    target: str | os.PathLike[str],
    files: dict[str, bytes],
    *,
    owned: Callable[[str], bool] = lambda name: False,
) -> list[Path]:
    """Write a set of files as one folder that replaces ``target`` as a whole.

    The files are written (and fsynced) into a temporary folder beside
    ``target``, which then takes ``target``'s place in one step: on Linux the
    two folders are exchanged atomically (``renameat2`` with
    ``RENAME_EXCHANGE``) and the previous set is deleted, so that a crash at any
    moment leaves either the previous complete set or the new one, never a new
    HTML beside the previous run's Markdown. Where the exchange is not
    available, the previous folder is first renamed aside (``.NAME.old-…``),
    a window in which ``target`` is missing but the previous set is whole.

    The folder is the library's: it holds a manifest (:data:`MANIFEST`) of the
    files written. An existing ``target`` is replaced only when it is empty,
    or holds nothing but the files of its manifest, or only names that
    ``owned`` accepts (a folder written before manifests existed); otherwise
    nothing is written and :class:`~efc_scoring.errors.OutputPathError` names
    the files that would be lost.

    Parameters
    ----------
    target
        The folder to write.
    files
        Relative file name (``figures/points-L1.png``) to content.
    owned
        Tells which top-level names of an existing folder without manifest
        may be replaced.

    Returns
    -------
    list of Path
        The paths of the files, under ``target``, in the order given.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "rapport"
    >>> [p.name for p in replace_folder(out, {"a.md": b"1", "figures/f.png": b"2"})]
    ['a.md', 'f.png']
    >>> [p.name for p in replace_folder(out, {"a.html": b"3"})]
    ['a.html']
    >>> sorted(p.name for p in out.iterdir())  # the previous set is gone as a whole
    ['.efc-scoring-dossier.json', 'a.html']
    """
    import json
    import shutil

    from efc_scoring.errors import OutputPathError

    target = Path(target).absolute()
    names = list(files)
    for name in names:
        parts = Path(name).parts
        if not parts or Path(name).is_absolute() or any(p in ("..", ".", "") for p in parts):
            raise OutputPathError(f"nom de fichier refusé dans le dossier {target} : {name!r}")
    cwd = Path.cwd().resolve()
    if target.exists():
        if not target.is_dir():
            raise OutputPathError(f"{target} existe et n'est pas un dossier : choisir un dossier")
        if target.resolve() == cwd or target.resolve() in cwd.parents:
            raise OutputPathError(
                f"{target} est le dossier courant ou le contient : choisir un sous-dossier"
            )
        foreign = _foreign_entries(target, owned)
        if foreign:
            shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
            raise OutputPathError(
                f"le dossier {target} contient d'autres fichiers que ceux du rapport ({shown}) : "
                "ils seraient perdus ; choisir un dossier vide ou réservé au rapport"
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    tmp = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    )
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)
        manifest = {"efc_scoring": "dossier écrit d'un seul tenant", "files": sorted(names)}
        for name, data in [*files.items(), (MANIFEST, json.dumps(manifest).encode("utf-8"))]:
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(path, 0o666 & ~umask)
        for folder in {(tmp / n).parent for n in names} | {tmp}:
            _fsync_dir(folder)
        if not target.exists():
            os.rename(tmp, target)
        elif _exchange(tmp, target):
            shutil.rmtree(tmp)  # now the previous set
        else:  # pragma: no cover - systems without RENAME_EXCHANGE
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.rmdir(old)
            os.rename(target, old)
            os.rename(tmp, target)
            shutil.rmtree(old)
        _fsync_dir(target.parent)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return [target / name for name in names]


def _remove_leftovers(target: Path) -> None:
    """Remove the temporary files or folders that writers of ``target`` killed mid-write
    left beside it.

    A temporary name carries its writer's process id: it is removed only when that
    process no longer runs (a writer still at work keeps its own).
    """
    import re
    import shutil

    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.[^./]+\.tmp")
    try:
        entries = list(target.parent.iterdir())
    except OSError:  # pragma: no cover - an unreadable parent: nothing to clean
        return
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if m is None or entry.is_symlink():
            continue
        pid = int(m.group(1))
        if pid == os.getpid() or _running(pid):
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists (on this machine)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or cannot tell: keep its folder
    return True


def _foreign_entries(folder: Path, owned: Callable[[str], bool]) -> list[str]:
    """Entries of ``folder`` that :func:`replace_folder` did not write (would be lost)."""
    import json

    listed: set[str] = set()
    manifest = folder / MANIFEST
    if manifest.is_file():
        try:
            listed = set(json.loads(manifest.read_text(encoding="utf-8"))["files"])
        except (ValueError, KeyError, TypeError, OSError):
            listed = set()
    foreign = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_dir() and not path.is_symlink():
            continue
        if rel == MANIFEST or rel in listed or owned(rel):
            continue
        foreign.append(rel)
    return foreign


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    import ctypes
    import errno
    import sys

    if not sys.platform.startswith("linux"):
        return False  # pragma: no cover
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # pragma: no cover - glibc older than 2.28, musl
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # pragma: no cover - file system
        return False
    raise OSError(err, os.strerror(err), str(b))  # pragma: no cover


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory descriptors
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
