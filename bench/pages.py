"""Page weight and speed on a phone: what the main pages cost on first load, per language.

Loads the demo forum into a fresh instance, serves it with gunicorn, and for `/`, `/register`,
`/agenda` and a participant's private page, in Arabic and English:

- transfer size on first load (empty cache) in Debian's Chromium: every response's encoded body
  and headers, fonts included; against, in the same run, the same responses uncompressed;
- Lighthouse (npm, make node_modules) in mobile mode with its default throttling: LCP and the
  performance score (skip with --no-lighthouse).

    .venv/bin/python bench/pages.py [--no-lighthouse] [--runs 1]

Budgets: 150 KB a page, LCP at most 1.5 s, performance 95 or more.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from rush import PYTHON, ROOT, load_demo_forum, product_env, start_gunicorn

CHROMIUM = "/usr/bin/chromium"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
BUDGET_BYTES, BUDGET_LCP_MS, BUDGET_SCORE = 150 * 1024, 1500, 95


def set_up(env: dict) -> str:
    """The demo forum; returns the private path of a confirmed participant."""
    load_demo_forum(env, 60)
    script = (
        "from sqlalchemy import select\nfrom conference import create_app\nfrom conference.models import Participant, db\n"
        "with create_app().app_context():\n"
        "    print(db.session.scalar(select(Participant.manage_token).where(Participant.status == 'confirmed').limit(1)))\n"
    )
    token = subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout.strip()
    return f"/r/{token}"


def transfer(browser, base: str, path: str, language: str, compressed: bool) -> tuple[int, int]:
    """(bytes on the wire, number of requests) for one first load of `path`."""
    headers = {} if compressed else {"Accept-Encoding": "identity"}
    context = browser.new_context(viewport={"width": 390, "height": 844}, extra_http_headers=headers)
    context.add_cookies([{"name": "lang", "value": language, "url": base}])
    page = context.new_page()
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(base + path, wait_until="networkidle")
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    context.close()
    return total, len(requests)


def lighthouse(base: str, path: str, language: str, attempts: int = 3) -> tuple[float, int]:
    """(LCP in ms, performance score) from one Lighthouse mobile run. A run whose Chromium fails
    to start or to connect (it happens on a loaded machine) is tried again, up to three runs in all."""
    for _attempt in range(attempts):
        with tempfile.TemporaryDirectory() as out:
            report = Path(out) / "report.json"
            done = subprocess.run(
                [str(LIGHTHOUSE), base + path, "--only-categories=performance", "--output=json",
                 f"--output-path={report}", "--quiet", f"--extra-headers={json.dumps({'Cookie': f'lang={language}'})}",
                 "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"],
                cwd=ROOT, env={"PATH": "/usr/bin:/bin", "CHROME_PATH": CHROMIUM, "HOME": out},
                capture_output=True, text=True,
            )
            if done.returncode == 0:
                data = json.loads(report.read_text())
                audits, score = data["audits"], data["categories"]["performance"]["score"]
                return audits["largest-contentful-paint"]["numericValue"], round(score * 100)
    raise SystemExit(f"Lighthouse failed on {path} ({language}): {done.stderr[-800:]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (the median is printed)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    if not args.no_lighthouse and not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run make node_modules (or pass --no-lighthouse)")

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        env = product_env("sqlite:///" + str(Path(work) / "pages.sqlite3"), Path(work) / "instance")
        private = set_up(env)
        server, port = start_gunicorn("conference:create_app()", env, workers=2, threads=4)
        base = f"http://127.0.0.1:{port}"
        pages = {"/": "/", "/register": "/register", "/agenda": "/agenda", "private page": private}
        rows, within = [], True
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                for language in ("ar", "en"):
                    for label, path in pages.items():
                        transfer(browser, base, path, language, True)  # the server's first-start work out of the way
                        size, count = transfer(browser, base, path, language, True)
                        plain, _ = transfer(browser, base, path, language, False)
                        lcp = score = None
                        if not args.no_lighthouse:
                            runs = [lighthouse(base, path, language) for _ in range(args.runs)]
                            lcp, score = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
                        ok = size <= BUDGET_BYTES and (lcp is None or (lcp <= BUDGET_LCP_MS and score >= BUDGET_SCORE))
                        within &= ok
                        rows.append((language, label, count, size, plain, lcp, score, ok))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)

    print("| language | page | requests | transfer (first load) | uncompressed, same run | ratio | LCP | performance | budget |")
    print("|---|---|---|---|---|---|---|---|---|")
    for language, label, count, size, plain, lcp, score, ok in rows:
        lcp_text = "—" if lcp is None else f"{lcp / 1000:.2f} s"
        print(f"| {language} | {label} | {count} | {size / 1024:.1f} KB | {plain / 1024:.1f} KB | {size / plain:.2f} | "
              f"{lcp_text} | {'—' if score is None else score} | {'within' if ok else 'OVER'} |")
    print(f"budgets: {BUDGET_BYTES // 1024} KB a page, LCP <= {BUDGET_LCP_MS / 1000} s, performance >= {BUDGET_SCORE}: "
          f"{'all within' if within else 'NOT all within'}")
    sys.exit(0 if within else 1)


if __name__ == "__main__":
    main()
