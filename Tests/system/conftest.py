"""System tests: the release binary run as a user or CI would run it.

The binary is `$CONFAB` (default `.build/release/confab`; `make system-test` builds it).
Every test works in pytest's tmp_path and never writes into the repository.
Measured figures (times, peak memory, output sizes, kill points) are collected with
`record_figure` and printed at the end of the run. The ~50 MB transcript's build starts
in the background with the first test (see big_transcript_build) to keep the suite short
on a two-core machine.
"""
import dataclasses
import datetime
import hashlib
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
# The benchmark corpus generator lives in shared/ beside the repository; CONFAB_GEN_CORPUS overrides.
GEN_CORPUS = pathlib.Path(os.environ.get("CONFAB_GEN_CORPUS") or ROOT.parent / "shared" / "bench" / "gen-corpus.py")
GNU_TIME = "/usr/bin/time"

_FIGURES = []


def record_figure(name, value):
    """A measured figure, printed in the run's summary."""
    _FIGURES.append((name, value))


def pytest_terminal_summary(terminalreporter):
    if _FIGURES:
        terminalreporter.section("measured figures")
        for name, value in _FIGURES:
            terminalreporter.write_line(f"{name}: {value}")


@pytest.fixture(scope="session")
def confab():
    path = pathlib.Path(os.environ.get("CONFAB", ROOT / ".build/release/confab"))
    if not path.is_absolute():
        path = ROOT / path
    if not os.access(path, os.X_OK):
        pytest.fail(f"no confab binary at {path}: run `swift build -c release --product confab` "
                    "(or `make system-test`), or set CONFAB")
    return str(path)


@pytest.fixture(scope="session")
def gen_corpus():
    """Runs ../shared/bench/gen-corpus.py (the benchmark corpus generator beside the repository)."""
    if not GEN_CORPUS.is_file():
        pytest.fail(f"the corpus generator is missing: expected {GEN_CORPUS} "
                    "(shared/bench/gen-corpus.py beside the repository; or set CONFAB_GEN_CORPUS)")

    def run(out, *args):
        subprocess.run([sys.executable, str(GEN_CORPUS), str(out), *map(str, args)],
                       check=True, stdout=subprocess.DEVNULL)
        return out
    return run


@dataclasses.dataclass
class Run:
    args: list
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_kib: int
    timed_out: bool = False

    @property
    def signal(self):
        """The signal that ended the process, or None."""
        return -self.returncode if self.returncode < 0 else None

    def describe(self):
        tail = "\n".join(self.stderr.splitlines()[-15:])
        return (f"{' '.join(map(str, self.args))}\n-> exit {self.returncode}"
                f"{' (timed out, killed)' if self.timed_out else ''} after {self.seconds:.1f} s\n{tail}")


def base_env(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "CONFAB"))}
    env.update({"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC"})
    env.update(overrides)
    return env


def run_confab(confab, *args, env=None, timeout=600, cwd=None):
    """Runs confab in its own process group, killing the whole group on time-out.
    Peak RSS comes from GNU time (`time -v`, Debian package `time`) when installed,
    otherwise from the kernel's rusage of that one child (wait4)."""
    command = [confab, *map(str, args)]
    use_time = os.access(GNU_TIME, os.X_OK)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        full = [GNU_TIME, "-v", "-o", report.name, *command] if use_time else command
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            start = time.monotonic()
            proc = subprocess.Popen(full, stdout=out, stderr=err, env=env or base_env(), cwd=cwd,
                                    start_new_session=True)
            timed_out = False
            deadline = start + timeout
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() > deadline:
                    timed_out = True
                    os.killpg(proc.pid, signal.SIGKILL)
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.02)
            seconds = time.monotonic() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode("utf-8", "replace")
            stderr = err.read().decode("utf-8", "replace")
        returncode = proc.returncode
        max_rss = usage.ru_maxrss
        if use_time:
            text = report.read()
            if m := re.search(r"Maximum resident set size \(kbytes\): (\d+)", text):
                max_rss = int(m.group(1))
            if m := re.search(r"Command terminated by signal (\d+)", text):
                returncode = -int(m.group(1))
            elif m := re.search(r"Exit status: (\d+)", text):
                returncode = int(m.group(1))
    if timed_out and returncode >= 0:
        returncode = -signal.SIGKILL
    return Run(command, returncode, stdout, stderr, seconds, max_rss, timed_out)


def manifest(folder):
    """Every file below `folder` (hidden ones too): relative path -> sha256.
    None when the folder does not exist."""
    folder = pathlib.Path(folder)
    if not folder.is_dir():
        return None
    result = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_dir():
            result[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def tree_size(folder):
    return sum(p.stat().st_size for p in pathlib.Path(folder).rglob("*") if p.is_file())


def mib(n_bytes):
    return f"{n_bytes / 2**20:.1f} MiB"


def copy_sample(content):
    """The repository's sample transcripts and site.yaml, into `content`."""
    shutil.copytree(ROOT / "content", content)
    return content


class Background(threading.Thread):
    """Work run beside the other tests; `outcome()` waits for it and re-raises its error."""

    def __init__(self, work):
        super().__init__(daemon=True)
        self.work, self.result, self.error = work, None, None

    def run(self):
        try:
            self.result = self.work()
        except BaseException as error:  # handed to the test that waits
            self.error = error

    def outcome(self):
        self.join()
        if self.error is not None:
            raise self.error
        return self.result


BIG_MESSAGES = int(os.environ.get("CONFAB_SYSTEM_BIG_MESSAGES", 130_000))  # ~50 MB


@pytest.fixture(scope="session", autouse=True)
def big_transcript_build(request, tmp_path_factory):
    """The ~50 MB transcript takes about two minutes to build on one core: it starts with
    the first test, on the second core, when test_fifty_megabyte_transcript is selected."""
    if not any(item.name.startswith("test_fifty_megabyte_transcript") for item in request.session.items):
        return None
    confab = request.getfixturevalue("confab")
    site = tmp_path_factory.mktemp("big")

    def work():
        import inputs
        content = copy_sample(site / "content")
        source = inputs.write_lines(content / "big.txt", inputs.participate(
            "bigchat", datetime.date(2018, 3, 5), inputs.big_session(BIG_MESSAGES)))
        run = run_confab(confab, "build", "--site", site, "--timings", timeout=BIG_TIMEOUT)
        output = site / "public"
        return {"run": run, "input_bytes": source.stat().st_size, "site": site,
                "output_bytes": tree_size(output) if output.is_dir() else 0,
                "output_files": sum(1 for p in output.rglob("*") if p.is_file()) if output.is_dir() else 0}

    job = Background(work)
    job.start()
    return job


BIG_TIMEOUT = 600
