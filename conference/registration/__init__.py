"""Registration: the public form and each participant's self-service pages (views), and the
organizers' participant pages (console)."""
