"""Badge rendering speed and memory: the naive way against the product's way, in one run.

    .venv/bin/python bench/badges.py [--n 1000] [--layout a4-2x5] [--workers 2]

- naive: one WeasyPrint document holding all N badges, in one process;
- product: conference.badges.bulk (chunks rendered in worker processes, merged with pypdf),
  the code the console's bulk job and `flask badges render` use;
- single: one badge rendered in a warm process, median of 30.

Each way runs in a fresh process; its peak memory is the proportional set size (shared pages
counted once) of that process and all its worker processes together, sampled every 100 ms
from outside, over the whole run. The data is realistic mixed Arabic/English.
"""

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
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


def _descendants(pid: int) -> list[int]:
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            children = [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *_descendants(child)]
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes; PSS shares each page among the processes that map it."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


def run_sampled(command: list[str]) -> tuple[str, int, int]:
    """Run a command; return its output, the peak PSS of it and its descendants together (shared
    pages counted once) and the peak RSS of the largest single process, sampled from outside."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    peak_pss = peak_rss = 0
    while process.poll() is None:
        sizes = [_memory(pid) for pid in (process.pid, *_descendants(process.pid))]
        peak_pss = max(peak_pss, sum(p for _r, p in sizes))
        peak_rss = max(peak_rss, max((r for r, _p in sizes), default=0))
        time.sleep(0.1)
    output = process.stdout.read()
    if process.returncode:
        raise SystemExit(f"{command} failed")
    return output, peak_pss, peak_rss


def run_one(method: str, n: int, layout: str, workers: int, single_layout: str) -> dict:
    from pypdf import PdfReader

    from conference import create_app
    from conference.badges.bulk import chunk_bounds, render_chunks_to_file
    from conference.badges.layouts import geometry
    from conference.badges.render import badges_html, edition_texts
    from conference.pdf import render_html_to_pdf

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True})
    with app.app_context():
        ed = edition()
        render_html_to_pdf(badges_html(ed, people(1), layout))  # fonts loaded: a warm process
        result = {"method": method, "n": n, "layout": layout}
        if method == "single":
            layout = result["layout"] = single_layout
            one = people(1, seed=11)
            times, cpu = [], []
            for _ in range(30):
                start, start_cpu = time.perf_counter(), time.process_time()
                render_html_to_pdf(badges_html(ed, one, layout))
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            result["median_ms"] = round(statistics.median(times) * 1000, 1)
            result["median_cpu_ms"] = round(statistics.median(cpu) * 1000, 1)
            return result
        out = io.BytesIO()
        start = time.perf_counter()
        if method == "naive":
            out.write(render_html_to_pdf(badges_html(ed, people(n), layout)))
        else:
            everyone = rows(n)

            def chunks():
                for start, end in chunk_bounds(n, layout, workers):
                    yield [row for _, row in zip(range(end - start), everyone, strict=False)]

            render_chunks_to_file(edition_texts(ed), chunks(), layout, out=out, total=n, workers=workers,
                                  start_method=os.environ.get("BENCH_START", "fork"))
        seconds = time.perf_counter() - start
        pages = len(PdfReader(io.BytesIO(out.getvalue())).pages)
        expected = -(-n // geometry(layout).per_page)
        assert pages == expected, (pages, expected)
        result.update(seconds=round(seconds, 2), badges_per_second=round(n / seconds, 1),
                      pages=pages, pdf_mb=round(len(out.getvalue()) / 2**20, 1))
        return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--layout", default="a4-2x5")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--single-layout", default="a6", help="layout of the one-badge timing")
    parser.add_argument("--method", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.method:
        print(json.dumps(run_one(args.method, args.n, args.layout, args.workers, args.single_layout)))
        return
    results = {}
    for method in ("single", "naive", "product"):
        output, pss, rss = run_sampled(
            [sys.executable, __file__, "--method", method, "--n", str(args.n), "--layout", args.layout,
             "--workers", str(args.workers), "--single-layout", args.single_layout])
        results[method] = json.loads(output.strip().splitlines()[-1])
        results[method].update(peak_mb=round(pss / 2**20), largest_process_mb=round(rss / 2**20))
    naive, product = results["naive"], results["product"]
    print(f"{args.n} badges, layout {args.layout}, {os.cpu_count()} CPUs, {args.workers} workers")
    print(f"load average before the run: {os.getloadavg()[0]:.1f}")
    print(f"naive   (one document): {naive['badges_per_second']:7.1f} badges/s  {naive['seconds']:6.1f} s  "
          f"peak {naive['peak_mb']} MB")
    print(f"product (chunks x {args.workers}):  {product['badges_per_second']:7.1f} badges/s  {product['seconds']:6.1f} s  "
          f"peak {product['peak_mb']} MB (all processes; largest one "
          f"{product['largest_process_mb']} MB)")
    print(f"speed-up: {product['badges_per_second'] / naive['badges_per_second']:.2f}x")
    single = results["single"]
    print(f"one badge ({single['layout']}), warm process: median {single['median_ms']} ms "
          f"(cpu {single['median_cpu_ms']} ms)")


if __name__ == "__main__":
    main()
