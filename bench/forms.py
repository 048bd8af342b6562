"""A page's form as a browser would send it, read from its HTML: for the tests that
post the admin's forms back and the benchmarks that save stories through them.
Standard library only, so a benchmark reads forms without setting Django up."""

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """What a browser would send for one form of a page: ``{name: [values]}``."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values = {}
        self._select = None
        self._options = []
        self._textarea = None
        self._text = []

    def _add(self, name, value):
        if "__prefix__" not in name:
            self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in attrs), []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and self._options and not multiple:
                chosen = [self._options[0][0]]
            for value in chosen:
                self._add(name, value)
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self._add(self._textarea, text[1:] if text.startswith("\n") else text)
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_fields(html, form_id):
    """The fields of form ``form_id`` in ``html`` as the browser would submit them,
    unchanged: ``{name: value}``, or ``{name: [values]}`` for a name sent more than
    once; empty when there is no such form."""
    parser = FormFields(form_id)
    parser.feed(html)
    return {
        name: values[0] if len(values) == 1 else values
        for name, values in parser.values.items()
    }
