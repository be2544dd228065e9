"""The console's home and the admin pages: edition settings, accounts, the audit log."""
