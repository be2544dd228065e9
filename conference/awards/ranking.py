"""The ranking of entries from weighted scores: one pure function for the award jury's
nominations and the programme committee's submitted experiences.

Each criterion's score is averaged over the jurors (or reviewers) who gave it, scaled to its maximum, and
weighted; the weighted sum is out of 100. Exact fractions are used so equal totals are
really equal, and nominations with the same total share a place and are flagged as tied
(1, 1, 3 — the usual competition ranking).
"""

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Criterion:
    id: int
    weight: int
    max_score: int


@dataclass(frozen=True)
class Score:
    entry_id: int  # a nomination or a submission
    criterion_id: int
    juror_id: int
    score: int


@dataclass(frozen=True)
class Ranked:
    entry_id: int  # a nomination or a submission
    total: Fraction  # out of 100
    place: int
    tied: bool
    jurors: int  # how many jurors scored it on every criterion

    @property
    def points(self) -> float:
        return round(float(self.total), 2)


def weighted_total(criteria: list[Criterion], scores: list[Score]) -> Fraction:
    """The weighted score out of 100 of one entry; unscored criteria count as zero."""
    total_weight = sum(c.weight for c in criteria)
    if total_weight <= 0:
        return Fraction(0)
    by_criterion: dict[int, list[int]] = {}
    for s in scores:
        by_criterion.setdefault(s.criterion_id, []).append(s.score)
    total = Fraction(0)
    for c in criteria:
        given = by_criterion.get(c.id)
        if given and c.max_score > 0:
            total += Fraction(c.weight) * Fraction(sum(given), len(given) * c.max_score)
    return total * 100 / total_weight


def rank_entries(entry_ids: list[int], criteria: list[Criterion], scores: list[Score]) -> list[Ranked]:
    """Entries best first, with their place and whether they share it."""
    criterion_ids = {c.id for c in criteria}
    per_entry: dict[int, list[Score]] = {n: [] for n in entry_ids}
    for s in scores:
        if s.entry_id in per_entry and s.criterion_id in criterion_ids:
            per_entry[s.entry_id].append(s)
    totals = {n: weighted_total(criteria, per_entry[n]) for n in entry_ids}
    ordered = sorted(entry_ids, key=lambda n: (-totals[n], n))
    ranked = []
    for index, n in enumerate(ordered):
        place = index + 1
        if index and totals[ordered[index - 1]] == totals[n]:
            place = ranked[-1].place
        ties = sum(1 for other in ordered if totals[other] == totals[n])
        ranked.append(Ranked(n, totals[n], place, ties > 1, _complete_jurors(criterion_ids, per_entry[n])))
    return ranked


def _complete_jurors(criterion_ids: set[int], scores: list[Score]) -> int:
    seen: dict[int, set[int]] = {}
    for s in scores:
        seen.setdefault(s.juror_id, set()).add(s.criterion_id)
    return sum(1 for given in seen.values() if given >= criterion_ids)
