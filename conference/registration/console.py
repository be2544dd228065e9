"""Organizer pages for participants (routes on registration.views.bp)."""
