from django import template

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    """0.5443 → "54,4%" (Vietnamese decimal comma); None → "—"."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}%".replace(".", ",")
