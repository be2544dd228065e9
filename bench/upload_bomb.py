"""How long and how much memory refusing an XLSX bomb takes, against reading an ordinary
1000-row workbook in the same run.

    .venv/bin/python bench/upload_bomb.py
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("CONFERENCE_INSTANCE_PATH", tempfile.mkdtemp())

from conference import create_app  # noqa: E402
from conference.registration import importing  # noqa: E402
from tests.bombs import xlsx_bomb  # noqa: E402
from tests.registration.test_import_export import thousand_rows, xlsx_bytes  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name: str, data: bytes) -> tuple[float, float]:
    before, started = peak_mb(), time.perf_counter()
    try:
        importing.read_table(name, data)
    except importing.ImportFileError:
        pass
    return time.perf_counter() - started, peak_mb() - before


def main() -> None:
    ordinary = xlsx_bytes(thousand_rows())
    bomb = xlsx_bomb(256 * 1024 * 1024)
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context():
        bomb_s, bomb_mb = measure("bomb.xlsx", bomb)
        ordinary_s, ordinary_mb = measure("invitees.xlsx", ordinary)
    print(f"bomb:     {len(bomb) / 1024:7.0f} KB file (256 MiB shared string)  refused in {bomb_s * 1000:7.1f} ms, "
          f"peak memory +{bomb_mb:.1f} MB")
    print(f"ordinary: {len(ordinary) / 1024:7.0f} KB file (1000 rows)             read in    {ordinary_s * 1000:7.1f} ms, "
          f"peak memory +{ordinary_mb:.1f} MB")
    print(f"ratio: refusing the bomb takes {bomb_s / ordinary_s:.3f}× the time of reading the ordinary file")


if __name__ == "__main__":
    main()
