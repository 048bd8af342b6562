"""The demo newsroom that ``manage.py load_demo`` loads, written as data.

Invented people, places and organisations in every section, with stories in every
state of the workflow. ``newsroom`` holds the sections, authors and sources; one
module per desk holds its stories; ``queue`` holds the ones not (or no longer) public.
"""

from . import business, climate, culture, opinion, politics, queue, science, world
from .newsroom import AUTHORS, SECTIONS, SOURCES

STORIES = [
    *world.STORIES,
    *politics.STORIES,
    *business.STORIES,
    *science.STORIES,
    *climate.STORIES,
    *culture.STORIES,
    *opinion.STORIES,
    *queue.STORIES,
]

__all__ = ["AUTHORS", "SECTIONS", "SOURCES", "STORIES"]
