"""The workbook layout, defined once: sheet names, columns, labels in Indonesian and English, styles.

Readers, writers, the VBA buttons and the tests all take sheet names and columns from here. Sheet
names are Indonesian in every language (code and macros refer to them); labels and messages have an
Indonesian (``id``, the default) and an English (``en``) variant, and readers accept either.

The layout is split by what it lays out — ``texts``, ``workbook``, ``styles``, ``report``, ``buttons``,
``master``, ``reminders``, ``views`` — and read as one namespace (``from sopxl import layout as L``;
``L.AKTIVITAS``, ``L.text(key, lang)``). Each part adds its own texts to ``TEXTS``; importing the package loads them all.
"""

from .texts import *  # noqa: F403
from .styles import *  # noqa: F403
from .workbook import *  # noqa: F403
from .report import *  # noqa: F403
from .buttons import *  # noqa: F403
from .master import *  # noqa: F403
from .console import *  # noqa: F403
from .documents import *  # noqa: F403
from .reminders import *  # noqa: F403
from .views import *  # noqa: F403
