"""The venue desk: scanning, lookup, walk-ins, live counts and attendance certificates."""
