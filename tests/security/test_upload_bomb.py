"""The bomb from the security review: a 256 MiB shared string in a file of a few hundred
kilobytes. In a fresh process, refusing it takes no memory (bench/upload_bomb.py prints how long)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.security

PROJECT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, resource, sys, time
from tests.bombs import xlsx_bomb
from conference import create_app
from conference.registration import importing

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

data = xlsx_bomb(256 * 1024 * 1024)
app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
with app.test_request_context():
    importing.read_table("warm.csv", b"email,name_ar\na@example.org,x\n")
    before, started = peak_mb(), time.perf_counter()
    try:
        importing.read_table("bomb.xlsx", data)
        message = ""
    except importing.ImportFileError as refusal:
        message = str(refusal)
    print(json.dumps({"bytes": len(data), "seconds": time.perf_counter() - started,
                      "grown_mb": peak_mb() - before, "message": message}))
"""


def test_the_bomb_is_refused_with_memory_unchanged(tmp_path):
    env = {**os.environ, "CONFERENCE_INSTANCE_PATH": str(tmp_path), "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, cwd=PROJECT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["bytes"] < 1024 * 1024
    assert "حجم الجدول بعد فك ضغطه أكبر مما يحتاجه محتواه" in figures["message"]
    assert figures["grown_mb"] < 5, figures
