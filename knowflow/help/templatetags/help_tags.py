from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (status labels by status)."""
    return mapping.get(key, "")
