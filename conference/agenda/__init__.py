"""The agenda: public pages and exports (views), the organizers' editor (console)."""

from .console import bp as console
from .views import bp

bp.register_blueprint(console)
