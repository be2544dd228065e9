"""Registrations per second through nginx: two app servers (2 workers each) against one.

The full production shape from tests/test_deploy.py (PostgreSQL, Redis, worker, SMTP); the same
rush of public API registrations, each from its own client address, first with both servers
behind nginx, then with nginx reloaded to send everything to one. Prints both rates and the ratio.

    DEPLOY_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test_h11 .venv/bin/python bench/deploy_rush.py [N]
"""

import os
import signal
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_deploy import open_stack, register  # noqa: E402


def rush(stack, numbers) -> float:
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=24) as pool:
        statuses = Counter(pool.map(lambda n: register(stack.url, n), numbers))
    elapsed = time.monotonic() - started
    assert statuses == {201: len(numbers)}, statuses
    return len(numbers) / elapsed


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as root:
        stack = open_stack(Path(root))
        try:
            rush(stack, range(100_000, 100_050))  # warm both servers up
            two = rush(stack, range(0, count))
            (stack.root / "nginx" / "forum" / "upstream.conf").write_text(f"server 127.0.0.1:{stack.ports['a']};\n")
            os.kill(stack.processes["nginx"].pid, signal.SIGHUP)  # reload: one app server only
            time.sleep(2)
            one = rush(stack, range(count, 2 * count))
        finally:
            stack.close()
    print(f"CPUs on this machine: {os.cpu_count()}")
    print(f"two app servers behind nginx: {two:.1f} registrations/s")
    print(f"one app server behind nginx:  {one:.1f} registrations/s")
    print(f"ratio two/one: {two / one:.2f}")


if __name__ == "__main__":
    main()
