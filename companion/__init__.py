"""Travel Card Companion: an offline guide, renewal tracker and receipt log."""

from companion.tz_environment import guard_babel_against_tz

__version__ = "0.1.0"

#: Reverse-DNS id used for the desktop file, AppStream metainfo and Qt.
APP_ID = "io.github.travelcardcompanion.TravelCardCompanion"
#: Folder name used under the platform's data, config and log directories.
APP_DIRNAME = "TravelCardCompanion"

# Before any module imports babel: a $TZ babel cannot read must not crash us.
guard_babel_against_tz()
