"""Badges keep the whole name: the fifty longest names on every layout, checked on WeasyPrint's
own layout boxes (every glyph run inside its badge and its box, every word present, nothing
cut), and the fitting rule's particles, honorifics and line counts."""

import pytest

from conference.badges.fitting import NO_BREAK, fit, join_particles
from conference.badges.layouts import GEOMETRY, LAYOUTS
from conference.badges.render import badge_style, badges_html, make_badge
from conference.models import Participant
from conference.models.people import HONORIFICS
from tests.data.long_names import LONG_NAMES

ORGANIZATION = "وكالة الوزارة للتحول الرقمي — وزارة البلديات والإسكان في المملكة العربية السعودية"


def long_name_people(edition) -> list[Participant]:
    return [
        Participant(id=i + 1, edition_id=edition.id, honorific=honorific, name_ar=name_ar, name_en=name_en,
                    organization=ORGANIZATION if i % 3 == 0 else "Digital Government Authority of Saudi Arabia",
                    category=("participant", "vip", "speaker")[i % 3], badge_number=i + 1,
                    badge_code=f"{i:032d}"[:32].replace("0", "A"))
        for i, (honorific, name_ar, name_en) in enumerate(LONG_NAMES)
    ]


def layout_tree(html: str):
    from weasyprint import HTML

    from conference.pdf import BASE_URL, SafeFetcher, font_configuration, fonts_css

    return HTML(string=html, base_url=BASE_URL, url_fetcher=SafeFetcher()).render(
        stylesheets=[fonts_css()], font_config=font_configuration())


def classed(box, css_class):
    for child in getattr(box, "children", []):
        if child.element is not None and css_class in child.element.get("class", "").split() and child.element_tag != "html":
            yield child
        else:
            yield from classed(child, css_class)


def text_boxes(box):
    for child in getattr(box, "children", []):
        if type(child).__name__ == "TextBox":
            yield child
        else:
            yield from text_boxes(child)


def within(box, outer, slack=0.3):
    return (box.position_x >= outer.position_x - slack
            and box.position_x + box.width <= outer.position_x + outer.margin_width() + slack
            and box.position_y >= outer.position_y - slack
            and box.position_y + box.height <= outer.position_y + outer.margin_height() + slack)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_fifty_longest_names_print_whole_on_every_layout(app, db, edition, layout):
    people = long_name_people(edition)
    document = layout_tree(badges_html(edition, people, layout))
    badges = [badge for page in document.pages for badge in classed(page._page_box, "badge")]
    assert len(badges) == len(people)
    for person, badge in zip(people, badges, strict=True):
        expected = person.badge_names()
        (names_box,) = classed(badge, "names")
        assert within(names_box, badge)
        blocks = [*classed(names_box, "name"), *classed(names_box, "org")]
        assert len(blocks) == 3
        for block, wanted in zip(blocks, (*expected, person.organization), strict=True):
            runs = list(text_boxes(block))
            for run in runs:
                assert within(run, names_box), (layout, wanted, run.text)
                assert within(run, badge), (layout, wanted, run.text)
            printed = " ".join(run.text for run in runs).replace(NO_BREAK, " ")
            assert "…" not in printed
            for word in wanted.split():
                assert word in printed.split(), (layout, word, printed)
        for heading in classed(badge, "head"):
            for run in text_boxes(heading):
                assert within(run, badge), (layout, run.text)


def test_particles_stay_with_the_name_after_them():
    assert join_particles("سلمان بن عبدالعزيز آل سعود") == ["سلمان", f"بن{NO_BREAK}عبدالعزيز", f"آل{NO_BREAK}سعود"]
    assert join_particles("أبو بكر عبد الله") == [f"أبو{NO_BREAK}بكر", f"عبد{NO_BREAK}الله"]
    assert join_particles("Turki bin Faisal Al Saud") == ["Turki", f"bin{NO_BREAK}Faisal", f"Al{NO_BREAK}Saud"]
    fitted = fit("عبدالرحمن بن عبدالعزيز بن محمد بن سليمان آل سعود", 60, 26, 3)
    assert 1 < len(fitted.lines) <= 3
    for line in fitted.lines:
        assert not line.endswith(("آل", "بن")) and not line.split(" ")[0] == "سعود"


def test_short_names_keep_the_largest_size_on_one_line():
    fitted = fit("سارة العتيبي", 90, 26, 3)
    assert fitted.lines == ("سارة العتيبي",) and fitted.size == 26


def test_a_tall_badge_uses_three_lines_and_a_large_code(app, edition):
    tall, card = badge_style(GEOMETRY["a6"]), badge_style(GEOMETRY["id1"])
    assert tall.name_lines == 3 and card.name_lines == 2
    assert tall.qr_size >= 40 and badge_style(GEOMETRY["4x3in"]).qr_size > card.qr_size >= 28
    person = long_name_people(edition)[0]
    badge = make_badge(person, tall, {"participant": ("مشارك", "Participant"), "vip": ("", ""), "speaker": ("", "")})
    assert badge.names[0].text.startswith(HONORIFICS["dr"][0]) and badge.names[1].text.startswith("Dr. ")
