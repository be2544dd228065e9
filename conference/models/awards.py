"""awards models."""
