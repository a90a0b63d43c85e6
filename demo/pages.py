"""Wagtail page helpers shared by the demo seeders of pages (``demo.site``, ``demo.catalogue``)."""

from wagtail.rich_text import RichText


def child_page(parent, model, slug, **fields):
    """(page, added): the child of ``parent`` with ``slug``, made and published if it is missing.

    A page that exists is returned as it is, so an editor's changes to it survive."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def stream(sections, documents=()):
    """A StreamField value from the demo data's sections (a string starting with "<" is a paragraph
    of rich text, any other a heading), followed by a document block for each of ``documents``."""
    blocks = [("paragraph", RichText(s)) if s.startswith("<") else ("heading", s) for s in sections]
    return blocks + [("document", document) for document in documents]
