"""Badges: the participant's own, desk reprints and reissues, and the organizers' bulk printing."""
