"""`{% office "office_name" %}`: the office settings in any template, pages and e-mails alike
(e-mails are rendered without a request, so a context processor would not reach them)."""

from django import template

from lks_registry.models import OfficeSettings

register = template.Library()

SHOWN = {"government_name", "office_name", "city", "signing_place", "address", "head_title"}


@register.simple_tag
def office(name):
    if name not in SHOWN:
        raise template.TemplateSyntaxError(f"office: unknown setting {name!r}")
    return getattr(OfficeSettings.current(), name)


@register.simple_tag
def office_has_logo():
    return bool(OfficeSettings.current().logo)
