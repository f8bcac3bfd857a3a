"""Results of pure functions of cell values kept per process, for the texts a run meets again and again."""

from __future__ import annotations

import functools


def kept(maxsize: int):
    """Decorate a pure function of cell values: its results are kept for its last `maxsize` distinct arguments
    (``functools.lru_cache``, typed, so 1, 1.0 and True stay apart); an argument that cannot be a key (a list)
    is worked out afresh. The results are shared between callers: the function returns values nobody changes."""
    def decorate(function):
        cached = functools.lru_cache(maxsize=maxsize, typed=True)(function)

        @functools.wraps(function)
        def call(*args):
            try:
                return cached(*args)
            except TypeError:       # an argument that cannot be a key
                return function(*args)

        return call

    return decorate
