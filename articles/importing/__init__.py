"""Stories read into structure, from plain text, markup or a WordPress export
(``wxr``): pure functions and data, no database."""

from .citations import CitedSource
from .people import Credit
from .story import Part, Story, StoryError, parse_story, read_story_file

__all__ = [
    "CitedSource",
    "Credit",
    "Part",
    "Story",
    "StoryError",
    "parse_story",
    "read_story_file",
]
