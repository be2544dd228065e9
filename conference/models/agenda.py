"""agenda models."""
