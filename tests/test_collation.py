"""Names and organizations sort as a reader expects (Unicode Collation Algorithm, alef forms
folded first), in Python and in SQL; organization filters ignore hamza spellings."""

from conference.badges.bulk import Selection, selected_ids
from conference.collation import sort_key, sorted_by_name
from conference.registration.listing import Filters, filtered, organizations
from conference.registration.service import register_participant

PICK_UP_TABLE = ["ابتسام الحربي", "إبراهيم الغامدي", "أحمد الزهراني", "أسماء العتيبي", "العنود الشهري",
                 "آمنة المالكي", "بدر السبيعي", "تركي الدوسري", "عائشة الجهني", "عبدالله القحطاني", "نورة الشمري"]


def test_a_list_of_names_sorts_as_a_person_expects():
    shuffled = ["عبدالله القحطاني", "آمنة المالكي", "أحمد الزهراني", "نورة الشمري", "العنود الشهري",
                "إبراهيم الغامدي", "تركي الدوسري", "ابتسام الحربي", "بدر السبيعي", "أسماء العتيبي", "عائشة الجهني"]
    assert sorted_by_name(shuffled) == PICK_UP_TABLE
    # Code-point order, for contrast, puts every أ before every إ and العنود after them all.
    assert sorted(shuffled) != PICK_UP_TABLE
    assert sort_key("أحمد") < sort_key("احمد") < sort_key("بدر")  # the hamza only breaks the tie


def add(edition, n, name, organization):
    return register_participant(edition, {"name_ar": name, "email": f"c{n}@example.org", "organization": organization},
                                source="organizer", check_window=False, notify=False).participant


def test_badges_and_the_list_sort_in_collation_order_and_filter_any_hamza(db, edition):
    people = [add(edition, i, name, "أمانة محافظة جدة" if i % 2 else "بلدية رابغ")
              for i, name in enumerate(reversed(PICK_UP_TABLE))]
    db.session.commit()
    by_id = {p.id: p.name_ar for p in people}
    assert [by_id[i] for i in selected_ids(edition, Selection(layout="a6"))] == PICK_UP_TABLE

    only_amana = selected_ids(edition, Selection(layout="a6", organization="امانة"))
    assert len(only_amana) == sum(1 for i, _ in enumerate(PICK_UP_TABLE) if i % 2)
    assert only_amana == selected_ids(edition, Selection(layout="a6", organization="أمانة"))

    listed = db.session.scalars(filtered(edition, Filters(sort="name", direction="asc"))).all()
    assert [p.name_ar for p in listed] == PICK_UP_TABLE
    amana = db.session.scalars(filtered(edition, Filters(organization="امانة محافظة جدة"))).all()
    assert amana and all(p.organization == "أمانة محافظة جدة" for p in amana)
    assert organizations(edition) == ["أمانة محافظة جدة", "بلدية رابغ"]
