"""The ranking is a pure function of criteria weights and jury scores."""

from fractions import Fraction

from conference.awards.ranking import Criterion, Score, rank_entries, weighted_total

CRITERIA = [Criterion(1, weight=30, max_score=10), Criterion(2, weight=70, max_score=10)]


def scores(nomination, juror, first, second):
    return [Score(nomination, 1, juror, first), Score(nomination, 2, juror, second)]


def test_weighted_total_averages_jurors_and_weights_criteria():
    given = scores(1, 1, 10, 5) + scores(1, 2, 6, 7)
    # criterion 1: mean 8/10 * 30; criterion 2: mean 6/10 * 70 -> 24 + 42 = 66
    assert weighted_total(CRITERIA, given) == Fraction(66)


def test_criteria_with_different_scales_are_scaled_to_their_maximum():
    criteria = [Criterion(1, 1, 5), Criterion(2, 1, 20)]
    assert weighted_total(criteria, [Score(1, 1, 1, 5), Score(1, 2, 1, 10)]) == Fraction(75)


def test_best_first_with_ties_sharing_a_place():
    given = (
        scores(10, 1, 8, 8)  # 80
        + scores(11, 1, 10, 7)  # 30 + 49 = 79
        + scores(12, 1, 3, 10)  # 9 + 70 = 79
        + scores(13, 1, 1, 1)  # 10
    )
    ranked = rank_entries([10, 11, 12, 13], CRITERIA, given)
    assert [(r.entry_id, r.place, r.tied) for r in ranked] == [
        (10, 1, False), (11, 2, True), (12, 2, True), (13, 4, False),
    ]
    assert ranked[0].points == 80.0


def test_equal_totals_are_exact_not_float_rounding():
    # 1/3 + 2/3 style sums: floats would make these differ in the last digit.
    criteria = [Criterion(1, 1, 3), Criterion(2, 2, 3)]
    a = [Score(1, 1, 1, 1), Score(1, 2, 1, 2)]
    b = [Score(2, 1, 1, 3), Score(2, 2, 1, 1)]
    ranked = rank_entries([1, 2], criteria, a + b)
    assert ranked[0].total == ranked[1].total and all(r.tied and r.place == 1 for r in ranked)


def test_unscored_nominations_rank_last_and_incomplete_jurors_are_counted():
    given = scores(1, 1, 5, 5) + scores(1, 2, 5, 5) + [Score(2, 1, 1, 10)]
    ranked = rank_entries([1, 2, 3], CRITERIA, given)
    assert [r.entry_id for r in ranked] == [1, 2, 3]
    assert [r.jurors for r in ranked] == [2, 0, 0]
    assert ranked[2].total == 0


def test_scores_for_unknown_criteria_or_nominations_are_ignored():
    given = scores(1, 1, 10, 10) + [Score(1, 99, 1, 0), Score(42, 1, 1, 10)]
    ranked = rank_entries([1], CRITERIA, given)
    assert ranked[0].total == 100 and ranked[0].place == 1 and not ranked[0].tied


def test_no_criteria_gives_zero():
    assert rank_entries([1], [], [])[0].total == 0
