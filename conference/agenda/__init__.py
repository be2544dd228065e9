"""The agenda: public pages and exports (views), the organizers' editor (console)."""
