"""The newsroom's admin: a whole story on one page, and the lists around it.

Each module registers the admins of the models it is named after; importing them
here is what puts them on the admin site.
"""

from . import body, history, people, sections, sources, stories

__all__ = ["body", "history", "people", "sections", "sources", "stories"]
