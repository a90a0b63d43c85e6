"""Reading a page's forms as a browser would post them."""

import json
from html.parser import HTMLParser


def block_data(prefix, state):
    """The fields Wagtail's block editor posts for a StreamField (or one of its blocks) drawn
    with ``state``, the form state it is given in ``data-w-block-arguments-value``: a stream is
    a list of ``{type, value, id}``, a list block a list of ``{value, id}``, a struct block a
    dict, a field block its widget's value."""
    if isinstance(state, list) and all(isinstance(item, dict) and "id" in item for item in state):
        data = {f"{prefix}-count": [str(len(state))]}
        for index, item in enumerate(state):
            data[f"{prefix}-{index}-deleted"] = [""]
            data[f"{prefix}-{index}-order"] = [str(index)]
            data[f"{prefix}-{index}-id"] = [item["id"] or ""]
            if "type" in item:
                data[f"{prefix}-{index}-type"] = [item["type"]]
            data.update(block_data(f"{prefix}-{index}-value", item["value"]))
        return data
    if isinstance(state, dict):
        data = {}
        for name, value in state.items():
            data.update(block_data(f"{prefix}-{name}", value))
        return data
    if state is True:
        return {prefix: ["on"]}
    if state is False:
        return {}
    if isinstance(state, list):  # a select's chosen values
        return {prefix: [str(value) for value in state]}
    return {prefix: ["" if state is None else str(state)]}


class FormReader(HTMLParser):
    """What a browser would post from each <form> of a page: named inputs, ticked boxes,
    selected options and text areas, and what the block editor of each StreamField posts."""

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
        if tag == "div" and "data-block" in attrs and self.forms:
            value, _errors = json.loads(attrs["data-w-block-arguments-value"])
            self.forms[-1].update(block_data(attrs["id"], value))
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
