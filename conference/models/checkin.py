"""checkin models."""
