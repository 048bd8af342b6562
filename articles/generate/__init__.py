"""Generated stories for benchmarks: ``generate_stories(count, seed=...)``."""

from .stories import (
    SHAPE,
    Report,
    StoryGenerator,
    generate_stories,
    rebuild_search_index,
)
from .words import COMMON_WORD, RARE_EVERY, RARE_WORD

__all__ = [
    "COMMON_WORD",
    "RARE_EVERY",
    "RARE_WORD",
    "Report",
    "SHAPE",
    "StoryGenerator",
    "generate_stories",
    "rebuild_search_index",
]
