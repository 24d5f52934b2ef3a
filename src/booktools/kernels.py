"""Kernels forked from a warm interpreter: each notebook still gets a kernel of its own,
without paying an interpreter start and the book's imports every time.

A fresh IPython kernel costs about 0.6 s to start and the notebook's first cell another
0.7 s of imports (pandas, Altair, the analysis package): with 19 notebooks that is close
to half of their serial execution time (measured by ``make bench``, ``fixed_costs``).
Here one *kernel server* per execution run (:func:`serve`, a separate interpreter started
by :class:`KernelServer`) imports ipykernel and the modules the notebooks import, once,
and then forks a child for each kernel that is asked for. The child becomes the kernel
exactly as ``python -m ipykernel_launcher -f <connection file>`` would: in the notebook's
folder, with the environment the kernel manager built, in a session of its own. A forked
child starts from a copy of the server's memory, so nothing a notebook does reaches
another notebook; what the children share is the server's state after its imports, which
is what every fresh kernel reaches after the same imports. ``tests/test_execute_parallel``
checks the outputs of forked kernels byte for byte against fresh ones, and nbval (strict)
re-executes every stored notebook in a fresh kernel.

Hand-written, in the open: no maintained library forks Jupyter kernels (ipykernel's fork
feature, ipython/ipykernel#410, was never merged; kernel pools start kernels ahead of time,
which hides the wait but not the work). ``jupyter_client``'s provisioners are the
extension point used here. The server is Linux-only (``os.pidfd_open`` keeps a
handle on a kernel that is not our child); elsewhere, or with ``BOOK_KERNELS=fresh``, every
kernel is started the usual way. A module that starts a Python thread at import would make
forking unsafe: the server then refuses to start and the run uses fresh kernels. Native
threads are there (OpenBLAS's pool, started by importing numpy, and one of Arrow's): both
libraries register fork handlers and rebuild their pools in the child, which is why
``multiprocessing``'s fork start works with them.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

#: ``fresh``: start every kernel as a new interpreter (as Jupyter Book and nbval do).
MODE_ENV = "BOOK_KERNELS"
#: Set for the execution workers: the kernel server's socket.
SERVER_ENV = "BOOK_KERNEL_SERVER"
#: Always imported by the server (the kernel itself).
KERNEL_MODULES = ("ipykernel.kernelapp",)
_LAUNCHER = ("-m", "ipykernel_launcher")
#: SIGCHLD's disposition before the server set it to ignored (restored in each kernel).
_SIGCHLD_AT_START: Any = signal.SIG_DFL


def enabled() -> bool:
    """Whether kernels are forked: Linux (``os.pidfd_open``) and not ``BOOK_KERNELS=fresh``."""
    return hasattr(os, "pidfd_open") and os.environ.get(MODE_ENV, "").strip() != "fresh"


def imported_modules(notebooks: Iterable[Path]) -> list[str]:
    """The modules the notebooks' code cells import (``import a.b``, ``from a import b``,
    with ``a.b`` when that is a module), sorted. The cells are read as the dependency
    analysis reads them (:mod:`booktools.book`: IPython syntax translated first; a cell
    that still does not parse is skipped)."""
    import nbformat

    from booktools.book import _cell_tree, _scan

    found: set[str] = set()
    for path in notebooks:
        for cell in nbformat.read(path, as_version=4).cells:
            tree = _cell_tree(cell.source) if cell.cell_type == "code" else None
            for imp in _scan(tree).imports if tree is not None else ():
                found.add(imp.module)
                found.update(f"{imp.module}.{name}" for name in imp.names or ())
    return sorted(name for name in found if name and not name.startswith("."))


class _KernelShell:
    """What ``get_ipython()`` returns while the server imports: a module asking at import
    whether it runs in a Jupyter kernel (pandas does, to choose its display defaults) is
    told yes, as it is when a notebook imports it. Anything else it asks of the shell is
    recorded (:attr:`asked`): the server then refuses, since a fresh kernel's answer cannot
    be given here."""

    asked: list[str] = []
    kernel = True

    def __getattr__(self, name: str) -> Any:
        self.asked.append(name)
        raise AttributeError(name)


def _preload(modules: Iterable[str]) -> tuple[list[Any], dict[str, str]]:
    """Import the kernel, then what can be imported of ``modules`` (a name that is not a
    module, or fails, is left to the notebook, which then fails the same way in a fresh
    kernel); return what the latter imports left behind that a kernel's own state would
    hide: the warning filters they added (newest first) and the environment variables
    they set."""
    for name in KERNEL_MODULES:
        importlib.import_module(name)
    filters, environ = list(warnings.filters), dict(os.environ)
    import builtins

    shell = _KernelShell()
    builtins.get_ipython = lambda: shell  # type: ignore[attr-defined]
    try:
        for name in modules:
            with contextlib.suppress(Exception):
                if name in sys.modules or importlib.util.find_spec(name) is not None:
                    importlib.import_module(name)
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]
    added = [f for f in warnings.filters if f not in filters]
    return added, {k: v for k, v in os.environ.items() if environ.get(k) != v}


def _become_kernel(
    request: dict[str, Any], server_pid: int, added: tuple[list[Any], dict[str, str]]
) -> None:
    """In the forked child: set up the process as the kernel launcher would, then run
    the kernel until it is shut down. Never returns.

    ``added``: the warning filters and environment variables the server's imports added.
    A fresh kernel gets them once its cells import those modules, after the kernel's own
    set-up: they are taken out, and put back once the kernel is initialised."""
    code = 1
    try:
        os.setsid()  # as jupyter_client's launch_kernel (start_new_session)
        # the one disposition the server changed; the others are what it inherited, as a
        # fresh kernel inherits them (an ignored SIGHUP under nohup stays ignored)
        signal.signal(signal.SIGCHLD, _SIGCHLD_AT_START)
        null = os.open(os.devnull, os.O_RDONLY)  # the launcher's stdin is a closed pipe
        os.dup2(null, 0)
        os.close(null)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        argv = list(request["argv"])
        import ipykernel_launcher  # the module python -m would run

        sys.argv = [str(ipykernel_launcher.__file__), *argv]
        from ipykernel import kernelapp

        filters, environ = added
        kept = [f for f in warnings.filters if f not in filters]
        warnings.filters[:] = kept  # type: ignore[index]
        app = kernelapp.IPKernelApp.instance()
        # Its parent is this server: the kernel exits if the server goes.
        app.initialize([*argv, f"--IPKernelApp.parent_handle={server_pid}"])
        warnings.filters[:0] = filters  # type: ignore[index]
        warnings._filters_mutated()  # type: ignore[attr-defined]
        os.environ.update(environ)
        app.start()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 0
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        import atexit

        with contextlib.suppress(BaseException):
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def serve(address: str, modules: list[str]) -> None:
    """The kernel server: import ``modules``, then fork a kernel for each request on the
    Unix socket ``address`` (one JSON line: argv after ``-m ipykernel_launcher``, env,
    cwd; the answer: the kernel's pid). Exits when its parent does."""
    if sys.path and Path(sys.path[0] or ".").resolve() == Path.cwd().resolve():
        del sys.path[0]  # as ipykernel_launcher does: the kernel's cwd is added by IPython
    parent = os.getppid()
    added = _preload(modules)
    if threading.active_count() != 1 or _KernelShell.asked:
        why = (
            f"{threading.active_count()} Python threads after the imports: forking is unsafe"
            if threading.active_count() != 1
            else f"an import asked the kernel's shell for {sorted(set(_KernelShell.asked))}"
        )
        Path(address + ".why").write_text(why, encoding="utf-8")
        sys.exit(3)
    global _SIGCHLD_AT_START
    _SIGCHLD_AT_START = signal.getsignal(signal.SIGCHLD)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped by the system
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(address)
    server.listen(8)
    server.settimeout(1.0)
    me = os.getpid()
    while os.getppid() == parent:
        try:
            conn, _ = server.accept()
        except TimeoutError:
            continue
        with conn, conn.makefile("rwb") as stream:
            line = stream.readline().strip()
            if not line:  # a readiness check
                continue
            try:
                request = json.loads(line)
                if request.get("stop"):
                    break
                answer: dict[str, Any] = {"pid": None, "error": "no argv, env and cwd"}
                if {"argv", "env", "cwd"} <= set(request):
                    pid = os.fork()
                    if pid == 0:
                        server.close()
                        conn.close()
                        _become_kernel(request, me, added)
                    answer = {"pid": pid}
            except (ValueError, TypeError, OSError) as exc:
                answer = {"pid": None, "error": f"{type(exc).__name__}: {exc}"}
            stream.write(json.dumps(answer).encode() + b"\n")
            stream.flush()
    server.close()


class KernelServer:
    """A running kernel server (:func:`serve`) for one execution run; a context manager
    that sets ``BOOK_KERNEL_SERVER`` for the workers it forks and stops the server after.
    ``address`` is ``None`` when kernels start fresh (disabled, or the server refused)."""

    def __init__(self, notebooks: Iterable[Path], cwd: Path) -> None:
        self.notebooks = list(notebooks)
        self.cwd = cwd
        self.address: str | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._dir: tempfile.TemporaryDirectory[str] | None = None
        self._address = ""
        self.modules: list[str] = []
        self.why_fresh = "BOOK_KERNELS=fresh" if hasattr(os, "pidfd_open") else "no pidfd here"

    def describe(self) -> str:
        """One line for the build log: how this run's kernels start."""
        if self.address:
            return (
                f"forked from a kernel server that imported the {len(self.modules)} modules "
                "the notebooks import, once (BOOK_KERNELS=fresh: each started afresh)"
            )
        return f"each started afresh ({self.why_fresh})"

    def start(self) -> KernelServer:
        """Start the server's interpreter (it imports on a core of its own) and return at
        once; :meth:`ready` waits for it. No-op when kernels start fresh."""
        if not enabled() or self.process is not None:
            return self
        self._dir = tempfile.TemporaryDirectory(prefix="book-kernels-")
        self._address = os.path.join(self._dir.name, "server.sock")
        self.modules = modules = imported_modules(self.notebooks)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "booktools.kernels", self._address, *modules],
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
        )
        return self

    def ready(self) -> KernelServer:
        """Wait until the server answers (then set ``address`` and ``BOOK_KERNEL_SERVER``),
        or until it has refused (``why_fresh`` says why; kernels then start fresh)."""
        if self.process is None or self.address is not None:
            return self
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self.process.poll() is None:
            with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX) as probe:
                probe.connect(self._address)
                probe.sendall(b"\n")  # an empty request: just a readiness check
                self.address = self._address
                os.environ[SERVER_ENV] = self._address
                return self
            time.sleep(0.02)
        why = Path(self._address + ".why")
        self.why_fresh = (
            why.read_text(encoding="utf-8").strip()
            if why.is_file()
            else "the kernel server did not start"
        )
        self._stop()
        return self

    def __enter__(self) -> KernelServer:
        return self.start().ready()

    def stop(self) -> None:
        """Stop the server (its kernels end with it) and clean up; idempotent."""
        self._stop()

    def _stop(self) -> None:
        os.environ.pop(SERVER_ENV, None)
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX) as conn:
                conn.settimeout(5)
                conn.connect(self._address)
                conn.sendall(b'{"stop": true}\n')
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    def __exit__(self, *exc: object) -> None:
        self._stop()


class _Forked:
    """What jupyter_client keeps of a kernel process (``poll``, ``wait``, signals), for a
    kernel that is the server's child rather than ours: a pidfd names it for good. Its
    exit status is not ours to read: an ended kernel reports 0."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._fd: int | None = os.pidfd_open(pid)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and self._fd is not None:
            ready, _, _ = select.select([self._fd], [], [], 0)
            if ready:
                os.close(self._fd)
                self._fd = None
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.02)
        return 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None and self._fd is not None:
            signal.pidfd_send_signal(self._fd, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, launching through the kernel server."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        address = os.environ.get(SERVER_ENV)
        start = [i for i in range(len(cmd) - 1) if tuple(cmd[i : i + 2]) == _LAUNCHER]
        if not address or not start:  # not an ipykernel command: the usual launch
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        env.pop(SERVER_ENV, None)  # the kernel's environment is what a fresh one gets
        env.setdefault("JPY_PARENT_PID", str(os.getpid()))
        request = {
            "argv": cmd[start[0] + 2 :],
            "env": env,
            "cwd": str(kwargs.get("cwd") or os.getcwd()),
        }
        with socket.socket(socket.AF_UNIX) as conn:
            conn.settimeout(30)
            conn.connect(address)
            conn.sendall(json.dumps(request).encode() + b"\n")
            with conn.makefile("rb") as stream:
                answer = json.loads(stream.readline() or b"{}")
        if not answer.get("pid"):
            raise RuntimeError(
                f"the kernel server at {address} did not start a kernel: "
                f"{answer.get('error', 'no answer')}"
            )
        forked = _Forked(int(answer["pid"]))
        self.process = forked  # type: ignore[assignment]
        self.pid = self.pgid = forked.pid  # type: ignore[assignment]
        self.cwd = request["cwd"]  # type: ignore[assignment]
        return self.connection_info


class ForkKernelManager(AsyncKernelManager):
    """The kernel manager the execution workers give nbclient: its kernels come from the
    kernel server when one is running (``BOOK_KERNEL_SERVER``), else start fresh."""

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.provisioner is None and os.environ.get(SERVER_ENV):
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkProvisioner(
                kernel_id=self.kernel_id,
                kernel_spec=self.kernel_spec,
                provisioner_config={},
                parent=self,
            )
        return await super()._async_pre_start_kernel(**kw)

    pre_start_kernel = _async_pre_start_kernel


def kernel_manager() -> dict[str, Any]:
    """Keyword arguments for nbclient (or jupyter-cache's executor): the forking kernel
    manager when a kernel server is running (and an immediate stop), nothing otherwise."""
    if not os.environ.get(SERVER_ENV):
        return {}
    # Once the last cell's outputs are in (nbclient waits for the kernel to be idle), the
    # kernel is stopped at once rather than asked to shut down and waited for.
    return {"kernel_manager_class": ForkKernelManager, "shutdown_kernel": "immediate"}


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2:])
