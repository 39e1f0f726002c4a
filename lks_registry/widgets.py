"""Form widgets drawn in Python where Django's templates are too slow for the data.

Django renders every <option> of a select through the template engine: the kecamatan filter of a
province (400 kecamatan) alone took about 100 ms of each dashboard, list and worklist page in the
50,000-institution benchmark. ``QuickSelect`` writes the same HTML directly."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(final_attrs), self._options(selected)
        )

    def _options(self, selected):
        parts = []
        for value, label in self.choices:
            if isinstance(label, list | tuple):  # an optgroup
                inner = "".join(self._option(v, text, selected) for v, text in label)
                parts.append(
                    format_html('<optgroup label="{}">{}</optgroup>', value, mark_safe(inner))
                )
            else:
                parts.append(self._option(value, label, selected))
        return mark_safe("".join(parts))

    def _option(self, value, label, selected):
        value = "" if value is None else str(value)
        is_selected = value in selected
        # Like Django's Select: only the first matching option is marked.
        if is_selected:
            selected.discard(value)
        return format_html(
            '<option value="{}"{}>{}</option>',
            value,
            mark_safe(" selected") if is_selected else "",
            label,
        )


def quick_selects(form) -> None:
    """Every plain select of the form drawn by QuickSelect: the same HTML, no template per option.
    Its choices stay the field's own (a model field's are read again at each rendering)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            widget = QuickSelect(attrs=field.widget.attrs, choices=field.widget.choices)
            widget.is_required = field.widget.is_required
            field.widget = widget
