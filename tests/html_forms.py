"""Reading a page's forms as a browser would post them."""

from html.parser import HTMLParser


class FormReader(HTMLParser):
    """What a browser would post from each <form> of a page: named inputs, ticked boxes,
    selected options and text areas."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({})
        if tag == "option" and self._select and "selected" in attrs:
            self.forms[-1][self._select].append(attrs.get("value", ""))
        if not self.forms or not attrs.get("name"):
            return
        data, name = self.forms[-1], attrs["name"]
        if tag == "input" and attrs.get("type") not in {"submit", "button", "file", "image", "reset"}:
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                data.setdefault(name, []).append(attrs.get("value", "on" if "checked" in attrs else ""))
        elif tag == "select":
            self._select = name
            data.setdefault(name, [])
        elif tag == "textarea":
            self._textarea = name
            data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, text):
        if self._textarea and self.forms:
            self.forms[-1][self._textarea][0] += text

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def posted_data(html, field_name):
    """The data of the form on the page that holds ``field_name``."""
    reader = FormReader()
    reader.feed(html)
    for data in reader.forms:
        if field_name in data:
            return data
    return next(data for data in reader.forms if data)  # a field whose widget draws no <input name>
