"""Badge rendering speed and memory: the naive way against the product's way, in one run.

    .venv/bin/python bench/badges.py [--n 1000] [--layout a4-2x5] [--workers 2]

- naive: one WeasyPrint document holding all N badges, in one process;
- product: conference.badges.bulk (chunks rendered in worker processes, merged with pypdf),
  the code the console's bulk job and `flask badges render` use;
- single: one badge rendered in a warm process, median of 30.

Each way runs in a fresh process; peak memory is the largest resident size of that process
plus its worker processes, sampled every 20 ms. The data is realistic mixed Arabic/English.
"""

import argparse
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = [("محمد", "Mohammed"), ("عبدالله", "Abdullah"), ("فاطمة", "Fatimah"), ("نورة", "Noura"),
         ("عبدالرحمن", "Abdulrahman"), ("سارة", "Sarah"), ("خالد", "Khalid"), ("ريم", "Reem"),
         ("فيصل", "Faisal"), ("هيفاء", "Haifa"), ("سلطان", "Sultan"), ("منيرة", "Munirah")]
FATHER = [("بن سعد", "bin Saad"), ("بن علي", "bin Ali"), ("بنت ناصر", "bint Nasser"), ("بن إبراهيم", "bin Ibrahim"), ("", "")]
FAMILY = [("العتيبي", "Al-Otaibi"), ("القحطاني", "Al-Qahtani"), ("الشهري", "Al-Shehri"), ("الدوسري", "Al-Dosari"),
          ("الزهراني", "Al-Zahrani"), ("الغامدي", "Al-Ghamdi"), ("آل الشيخ", "Al-Sheikh"), ("المطيري", "Al-Mutairi")]
ORGS = ["أمانة منطقة الرياض", "وزارة الشؤون البلدية والقروية والإسكان", "أمانة محافظة جدة", "جامعة الملك سعود",
        "Saudi Data and AI Authority", "stc", "بلدية محافظة الخرج", "Elm Company", "أمانة المنطقة الشرقية",
        "هيئة الحكومة الرقمية", "Smart City Solutions Co."]
CATEGORIES = ["participant"] * 12 + ["speaker", "vip", "media", "organizer", "exhibitor"]


def rows(n: int, seed: int = 7):
    """Badge data as the bulk printer reads it from the database."""
    from conference.models.people import new_badge_code

    rng = random.Random(seed)
    for i in range(n):
        first, father, family = rng.choice(FIRST), rng.choice(FATHER), rng.choice(FAMILY)
        name_ar = " ".join(x for x in (first[0], father[0], family[0]) if x)
        name_en = " ".join(x for x in (first[1], father[1], family[1]) if x)
        roll = rng.random()
        if roll < 0.1:
            name_en = ""
        elif roll < 0.15:
            name_ar = ""
        yield dict(id=i + 1, name_ar=name_ar, name_en=name_en, organization=rng.choice(ORGS),
                   category=rng.choice(CATEGORIES), badge_number=i + 1, badge_code=new_badge_code())


def people(n: int, seed: int = 7):
    from conference.models import Participant

    return [Participant(**row) for row in rows(n, seed)]


EDITION = {"number": 3, "year": 2026, "title_ar": "ملتقى يوم البلدية الإلكترونية", "title_en": "E-Municipality Day"}


def edition():
    from conference.models import Edition

    return Edition(**EDITION)


class PeakMemory:
    """Largest resident size of this process plus its children, sampled in a thread."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _tree_rss(self) -> int:
        pids, total = [os.getpid()], 0
        try:
            children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()
            pids += [int(c) for c in children]
        except OSError:
            pass
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            except OSError:
                pass
        return total

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._tree_rss())
            time.sleep(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)


def run_one(method: str, n: int, layout: str, workers: int) -> dict:
    from pypdf import PdfReader

    from conference import create_app
    from conference.badges.bulk import chunk_size, render_chunks_to_file
    from conference.badges.layouts import geometry
    from conference.badges.render import badges_html
    from conference.pdf import render_html_to_pdf

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True})
    with app.app_context():
        ed = edition()
        render_html_to_pdf(badges_html(ed, people(1), layout))  # fonts loaded: a warm process
        result = {"method": method, "n": n, "layout": layout}
        if method == "single":
            one = people(1, seed=11)
            times = []
            for _ in range(30):
                start = time.perf_counter()
                render_html_to_pdf(badges_html(ed, one, layout))
                times.append(time.perf_counter() - start)
            result["median_ms"] = round(statistics.median(times) * 1000, 1)
            return result
        out = io.BytesIO()
        with PeakMemory() as memory:
            start = time.perf_counter()
            if method == "naive":
                out.write(render_html_to_pdf(badges_html(ed, people(n), layout)))
            else:
                size = chunk_size(layout)
                everyone = rows(n)

                def chunks():
                    while batch := [row for _, row in zip(range(size), everyone, strict=False)]:
                        yield batch

                render_chunks_to_file(EDITION, chunks(), layout, out, total=n, workers=workers)
            seconds = time.perf_counter() - start
        pages = len(PdfReader(io.BytesIO(out.getvalue())).pages)
        expected = -(-n // geometry(layout).per_page)
        assert pages == expected, (pages, expected)
        result.update(seconds=round(seconds, 2), badges_per_second=round(n / seconds, 1),
                      peak_mb=round(memory.peak / 2**20), pages=pages, pdf_mb=round(len(out.getvalue()) / 2**20, 1))
        return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--layout", default="a4-2x5")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--method", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.method:
        print(json.dumps(run_one(args.method, args.n, args.layout, args.workers)))
        return
    results = {}
    for method in ("single", "naive", "product"):
        line = subprocess.run(
            [sys.executable, __file__, "--method", method, "--n", str(args.n), "--layout", args.layout,
             "--workers", str(args.workers)],
            check=True, capture_output=True, text=True, cwd=ROOT,
        ).stdout.strip().splitlines()[-1]
        results[method] = json.loads(line)
    naive, product = results["naive"], results["product"]
    print(f"{args.n} badges, layout {args.layout}, {os.cpu_count()} CPUs, {args.workers} workers")
    print(f"naive   (one document): {naive['badges_per_second']:7.1f} badges/s  {naive['seconds']:6.1f} s  peak {naive['peak_mb']} MB")
    print(f"product (chunks x {args.workers}):  {product['badges_per_second']:7.1f} badges/s  {product['seconds']:6.1f} s  "
          f"peak {product['peak_mb']} MB (process and workers)")
    print(f"speed-up: {product['badges_per_second'] / naive['badges_per_second']:.2f}x")
    print(f"one badge, warm process: median {results['single']['median_ms']} ms")


if __name__ == "__main__":
    main()
