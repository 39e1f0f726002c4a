from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from guide.shots import IMAGE_WIDTH, SHOTS_BY_NAME

register = template.Library()


@register.simple_tag
def screenshot(name, alt):
    """A gallery image by its name in guide/shots.py (an unknown name is an error, so a guide
    page cannot show a screenshot the command does not take)."""
    shot = SHOTS_BY_NAME[name]
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" loading="lazy" '
        'class="img-fluid border rounded guide-shot">',
        static(shot.static_path),
        alt,
        IMAGE_WIDTH,
        shot.image_height,
    )
