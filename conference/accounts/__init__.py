"""Staff accounts: signing in (with two-factor), sessions, passwords and recovery codes."""
