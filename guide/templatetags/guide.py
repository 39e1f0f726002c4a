from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from guide.shots import SHOTS_BY_NAME

register = template.Library()


@register.simple_tag
def screenshot(name, alt):
    """A gallery image by its name in guide/shots.py (an unknown name is an error, so a guide
    page cannot show a screenshot the command does not take); it links to the image itself, to
    read it at full size on a phone."""
    shot = SHOTS_BY_NAME[name]
    url = static(shot.static_path)
    return format_html(
        '<a href="{}" class="guide-shot"><img src="{}" alt="{}" width="{}" height="{}" '
        'loading="lazy" class="img-fluid border rounded"></a>',
        url,
        url,
        alt,
        shot.image_width,
        shot.image_height,
    )
