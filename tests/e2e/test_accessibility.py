"""WCAG 2.2 AA in both languages: axe-core on every page of the demo forum, for each kind of
visitor (anonymous, a participant's private link, organizer/admin console, desk, jury), and a
registration done with the keyboard alone, with a visible focus at every step.

axe-core comes from the npm registry (make node_modules). Stock axe skips colour contrast on
text it takes for an icon font ligature, and its heuristic takes joined Arabic words for
ligatures; the suite turns that heuristic off so Arabic text is checked like any other
(test_arabic_text_is_checked_for_contrast proves it).
"""

import re
import urllib.parse
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select

from conference.accounts.service import change_password, find_user
from conference.demo import DEMO_ACCOUNTS, load_demo
from conference.models import Participant
from tests.e2e.conftest import PHONE
from tests.helpers import TEST_PASSWORD, find_user_code

pytestmark = pytest.mark.a11y

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Same-origin pages not to open: they sign out, download or change something on GET.
SKIP = re.compile(r"(logout|sign-?out|\.pdf|\.ics|\.xlsx|\.csv|\.png|\.svg|/export|/download|/fonts/|/static/|\.json|/language/)"
                  r"($|[/?#])", re.I)
PAGES_PER_VISITOR = 80

# Every text node counts as text, never as an icon ligature (see the module docstring).
NO_ICON_LIGATURES = """
(() => {
  const never = new Proxy({}, {get: () => ({occurrences: 1e9, numLigatures: 0})});
  const get = axe._cache.get;
  axe._cache.get = function (key, creator) { return key === 'fonts' ? never : get.call(this, key, creator); };
})();
"""
RUN_AXE = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}
"""


@pytest.fixture
def axe_source():
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run make node_modules")
    return AXE.read_text()


def audit(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    page.evaluate(NO_ICON_LIGATURES)
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def route_shape(path: str) -> str:
    """One page per route: numbers and tokens do not make a new page."""
    return re.sub(r"/r/[^/]+", "/r/T", re.sub(r"\d+", "N", urllib.parse.urlsplit(path).path))


def crawl_and_audit(page, base: str, starts: list[str], axe_source: str) -> tuple[list[str], list[str]]:
    seen, queue, audited, problems = set(), list(starts), [], []
    while queue and len(audited) < PAGES_PER_VISITOR:
        path = queue.pop(0)
        if route_shape(path) in seen or SKIP.search(path):
            continue
        seen.add(route_shape(path))
        response = page.goto(base + path, wait_until="load")
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        audited.append(path)
        for violation in audit(page, axe_source):
            problems.append(f"{path}: {violation['id']} ({violation['help']}) at {violation['nodes']}")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            url = urllib.parse.urljoin(base + path, href)
            parts = urllib.parse.urlsplit(url)
            if url.startswith(base) and parts.path:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return audited, problems


def open_as(browser, base: str, language: str, email: str | None = None):
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)  # CSP would block the injected axe
    page = context.new_page()
    page.goto(f"{base}/language/{language}")
    if email:
        page.goto(f"{base}/account/login")
        page.fill("#email", email)
        page.fill("#password", TEST_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state("load")
        if "/account/login/code" in page.url:  # the administrator's authenticator code
            page.fill("#code", find_user_code(email))
            page.click("main button[type=submit]")
            page.wait_for_load_state("load")
        assert "/account/login" not in page.url, f"{email} could not sign in"
    return context, page


def staff_accounts(db, roles=("admin", "desk", "jury")) -> dict[str, str]:
    """The demo's staff accounts with a known password (the demo draws new ones at each run);
    the administrator has two-factor sign-in set up, as it must."""
    accounts = {}
    for email, role, _name in DEMO_ACCOUNTS:
        if role in roles:
            user = find_user(email)
            change_password(user, TEST_PASSWORD)
            if role == "admin":
                user.totp_secret = pyotp.random_base32()
            accounts[role] = email
    db.session.commit()
    return accounts


PUBLIC_STARTS = ["/", "/register", "/register/link", "/register/privacy", "/agenda", "/agenda/speakers", "/awards",
                 "/archive", "/verify", "/account/login", "/no-such-page"]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_page_passes_axe_for_every_visitor(app, db, browser, live_server, axe_source, language):
    load_demo(participants=40)
    db.session.commit()
    token = db.session.scalar(select(Participant.manage_token).where(Participant.status == "confirmed").limit(1))
    visitors = {
        "anonymous": (None, PUBLIC_STARTS),
        "participant": (None, [f"/r/{token}", f"/r/{token}/edit", f"/r/{token}/cancel", f"/r/{token}/unsubscribe"]),
        **{role: (email, ["/"]) for role, email in staff_accounts(db).items()},
    }
    report, counts = [], {}
    for visitor, (email, starts) in visitors.items():
        context, page = open_as(browser, live_server, language, email)
        try:
            audited, problems = crawl_and_audit(page, live_server, starts, axe_source)
        finally:
            context.close()
        counts[visitor] = len(audited)
        report += [f"[{visitor}] {problem}" for problem in problems]
    print(f"axe ({language}): pages audited per visitor: {counts}")
    assert counts["anonymous"] >= 10 and counts["participant"] >= 4 and counts["admin"] >= 20, counts
    assert report == [], "\n".join(report)


def test_arabic_text_is_checked_for_contrast(browser, axe_source):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_content('<html lang="ar" dir="rtl"><head><title>تجربة</title></head><body><main>'
                     '<p style="color:#b0b0b0;background:#fff">مقاعد متبقية للجلسة</p></main></body></html>')
    try:
        found = [v["id"] for v in audit(page, axe_source)]
    finally:
        context.close()
    assert "color-contrast" in found


REGISTRANT = {"name_ar": "هيفاء بنت ضيف الله الحربي", "name_en": "Haifa Alharbi", "email": "haifa.keyboard@example.org",
              "phone": "0551234567", "organization": "أمانة منطقة المدينة المنورة", "job_title": "محللة بيانات",
              "city": "المدينة المنورة"}
FOCUS_IS_VISIBLE = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const ring = style.boxShadow && style.boxShadow !== 'none';
  return {id: el.id || el.name || el.textContent.trim().slice(0, 30), tag: el.tagName, visible: outline || !!ring};
}
"""


@pytest.mark.parametrize("language", ["ar", "en"])
def test_registration_with_the_keyboard_alone(app, db, edition, browser, live_server, language):
    context = browser.new_context(viewport=PHONE, locale=language)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/language/{language}")
        page.goto(f"{live_server}/register")
        unseen_focus, filled = [], set()
        for _step in range(80):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS_IS_VISIBLE)
            if focus is None:
                continue
            if not focus["visible"]:
                unseen_focus.append(focus)
            field = focus["id"]
            if field in REGISTRANT and field not in filled:
                page.keyboard.type(REGISTRANT[field])
                filled.add(field)
            elif field == "sector" and field not in filled:
                page.keyboard.press("ArrowDown")
                filled.add(field)
            elif field == "consent" and field not in filled:
                page.keyboard.press("Space")
                filled.add(field)
            elif focus["tag"] == "BUTTON" and filled >= {*REGISTRANT, "consent"}:
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                break
        assert unseen_focus == [], unseen_focus
        assert "/r/" in page.url, (page.url, filled)
        db.session.rollback()
        person = db.session.scalar(select(Participant).where(Participant.email == REGISTRANT["email"]))
        assert person is not None and person.name_ar == REGISTRANT["name_ar"] and person.consent_at is not None
    finally:
        context.close()
