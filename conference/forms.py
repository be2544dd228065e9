"""Helpers shared by every form's template."""


def field_attrs(field, attrs: dict, hint: str | None = None) -> dict:
    """HTML attributes tying a field to its hint and error message for screen readers."""
    result = dict(attrs)
    described = []
    if hint or field.description:
        described.append(f"{field.id}-hint")
    if field.errors:
        described.append(f"{field.id}-error")
        result["aria-invalid"] = "true"
    if described:
        result["aria-describedby"] = " ".join(described)
    return result


def init_app(app) -> None:
    app.jinja_env.globals["field_attrs"] = field_attrs
