"""Real IPP Everywhere printers for the tests and the benchmark: Debian's ippeveprinter (cups-ipp-utils).

ippeveprinter keeps every document it receives in its spool folder (-k), named
<printer job id>-<job name>.pdf. It needs a system D-Bus and avahi-daemon for DNS-SD;
they are started here when they are not running (as root, the way CI runs).
"""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

IPPEVEPRINTER = shutil.which("ippeveprinter") or "/usr/sbin/ippeveprinter"


def available() -> bool:
    return os.path.exists(IPPEVEPRINTER)


def _running(name: str) -> bool:
    return subprocess.run(["pgrep", "-x", name], capture_output=True).returncode == 0


def ensure_dns_sd() -> None:
    """ippeveprinter refuses to start ("Unable to initialize DNS-SD") without D-Bus and Avahi.

    A daemon killed with the machine's previous processes leaves its pid file behind, and
    both refuse to start while it exists, so a stale one is removed first."""
    if not _running("dbus-daemon"):
        Path("/run/dbus").mkdir(parents=True, exist_ok=True)
        Path("/run/dbus/pid").unlink(missing_ok=True)
        subprocess.run(["dbus-daemon", "--system", "--fork"], check=False, capture_output=True)
        time.sleep(0.3)
    if not _running("avahi-daemon"):
        Path("/run/avahi-daemon/pid").unlink(missing_ok=True)
        subprocess.run(["avahi-daemon", "--no-drop-root", "--no-chroot", "-D"], check=False, capture_output=True)
        time.sleep(0.5)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Printer:
    """One ippeveprinter on a free port; stop() is the printer switched off, start() switched back on."""

    def __init__(self, spool: Path, name: str = "Badges", command: str | None = None):
        """`command` (a program ippeveprinter runs for each job) replaces its built-in slow
        print simulation, e.g. a script that sleeps one second like a label printer."""
        self.command = command
        self.spool = Path(spool)
        self.spool.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.port = free_port()
        self.log = self.spool.parent / f"ippeveprinter-{name}.log"
        self.process: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"ipp://localhost:{self.port}/ipp/print"

    def start(self) -> "Printer":
        ensure_dns_sd()
        self.process = subprocess.Popen(
            [IPPEVEPRINTER, "-d", str(self.spool), "-k", "-p", str(self.port), "-n", "localhost",
             "-f", "application/pdf", "-r", "off", *(["-c", self.command] if self.command else []), self.name],
            stdout=subprocess.DEVNULL, stderr=self.log.open("wb"),
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("localhost", self.port), timeout=0.5):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"ippeveprinter exited at start: {self.log.read_text()[-500:]}") from None
                time.sleep(0.1)
        raise RuntimeError("ippeveprinter did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def documents(self) -> list[Path]:
        return sorted(self.spool.glob("*.pdf"))

    def job_names(self) -> list[str]:
        """The job-name of every document received (files are named <printer job id>-<job name>.pdf)."""
        return [path.stem.split("-", 1)[1] for path in self.documents()]
