"""Registration: the public form and each participant's self-service pages (views), and the
organizers' participant pages (console)."""

from .console import bp as console
from .views import bp

bp.register_blueprint(console)
