"""What fitting whole names costs: the server-side line fitting of a badge's names against
rendering the badge itself, in one run.

    .venv/bin/python bench/badge_fitting.py [--rounds 3]

- fitting: conference.badges.render.fitted_names for each of the fifty longest names of
  tests/data/long_names.py plus fifty short ones, on every layout (what make_badge adds);
- baseline: one A6 badge rendered to PDF in a warm process (median of 20), the cost a
  badge has anyway.
Prints the median fitting time per badge, the render time, and their ratio.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conference.badges.fitting import _ems  # noqa: E402
from conference.badges.layouts import GEOMETRY  # noqa: E402
from conference.badges.render import EditionTexts, TextLine, badge_style, badges_html, fitted_names  # noqa: E402
from conference.models import Participant  # noqa: E402
from conference.pdf import render_html_to_pdf  # noqa: E402
from tests.data.long_names import LONG_NAMES  # noqa: E402

SHORT = [("", "سارة العتيبي", "Sarah Alotaibi"), ("dr", "فهد الشهري", "Fahad Alshehri")] * 25
ORGANIZATION = "وكالة الوزارة للتحول الرقمي — وزارة البلديات والإسكان"


def time_fitting(rounds: int) -> float:
    people = LONG_NAMES + SHORT
    styles = [badge_style(g) for g in GEOMETRY.values()]
    runs = []
    for _ in range(rounds):
        _ems.cache_clear()  # every round measures its names afresh, as a new batch would
        start = time.perf_counter()
        for style in styles:
            for _title, name_ar, name_en in people:
                fitted_names([name_ar, name_en], ORGANIZATION, style)
        runs.append((time.perf_counter() - start) / (len(people) * len(styles)))
    return statistics.median(runs)


def time_render(times: int = 20) -> float:
    texts = EditionTexts((TextLine("ملتقى يوم البلدية الإلكترونية · الدورة 3", "rtl", "ar"),
                          TextLine("E-Municipality Day · Edition 3", "ltr", "en")),
                         {"participant": ("مشارك", "Participant")}, "ملتقى يوم البلدية الإلكترونية")
    person = Participant(id=1, honorific="dr", name_ar=LONG_NAMES[0][1], name_en=LONG_NAMES[0][2],
                         organization=ORGANIZATION, category="participant", badge_number=1, badge_code="A" * 32)
    render_html_to_pdf(badges_html(texts, [person], "a6"))  # warm up: fonts, template
    runs = []
    for _ in range(times):
        start = time.perf_counter()
        render_html_to_pdf(badges_html(texts, [person], "a6"))
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    fitting, render = time_fitting(args.rounds), time_render()
    print(f"fitting names, per badge: {fitting * 1000:.2f} ms")
    print(f"rendering one A6 badge:   {render * 1000:.1f} ms (baseline)")
    print(f"ratio fitting / render:   {fitting / render:.3f}")


if __name__ == "__main__":
    main()
