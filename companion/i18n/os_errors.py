"""What the operating system said, in the user's language.

Why: ``OSError.strerror`` is the C library's English ("No space left on
device"), and it used to sit inside Russian and Chinese sentences ("Не
удалось записать …: Permission denied"). The common errors are named by
their ``errno`` here, once, for every screen and headless command; the
C library's text is kept only for a rare error with no phrase of its own.

Why in ``i18n`` and not beside ``store/sqlite_errors``: the guide's pack
import, the services and the commands all show these, and ``i18n`` is the
one layer all of them may import. ``sqlite_errors`` classifies the same
codes into faults (what to do); this module only words the cause.
"""

from __future__ import annotations

import errno

from companion.i18n import N_, _

#: One short phrase per common ``errno``, as it reads after a colon.
_PHRASES: dict[int, str] = {
    errno.ENOSPC: N_("no space left on the disk"),
    errno.EDQUOT: N_("your disk quota is used up"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("the operation is not permitted"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOENT: N_("no such file or folder"),
    errno.EEXIST: N_("a file or folder with that name already exists"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("part of the path is a file, not a folder"),
    errno.EIO: N_("the disk could not read or write the data"),
    errno.ENAMETOOLONG: N_("the file name is too long"),
    errno.EMFILE: N_("too many files are open"),
}


def known_errnos() -> frozenset[int]:
    """The error codes that have a phrase of their own."""
    return frozenset(_PHRASES)


def os_error_text(exc: BaseException) -> str:
    """The cause of ``exc`` as a short phrase in the current language.

    An ``OSError`` with a common ``errno`` gets its translated phrase; any
    other keeps the system's own text (``strerror``, else the exception's
    text), which is better than nothing for an error seldom met.
    """
    if isinstance(exc, OSError):
        phrase = _PHRASES.get(exc.errno) if exc.errno is not None else None
        if phrase is not None:
            return _(phrase)
        if exc.strerror:
            return str(exc.strerror)
    return str(exc) or type(exc).__name__
