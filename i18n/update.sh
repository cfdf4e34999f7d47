#!/usr/bin/env bash
# Re-extract the strings from the code and merge them into the three catalogs.
set -euo pipefail
cd "$(dirname "$0")/.."
pybabel extract -F i18n/babel.cfg -k N_ --no-location --sort-output \
  --project "Travel Card Companion" --version 0.1.0 --copyright-holder "Travel Card Companion developers" \
  -o i18n/messages.pot companion
for lang in en ru zh_Hans; do
  po=i18n/$lang/LC_MESSAGES/messages.po
  if [ -f "$po" ]; then
    pybabel update -i i18n/messages.pot -d i18n -D messages -l "$lang" --no-fuzzy-matching \
      --ignore-obsolete --width 100
  else
    pybabel init -i i18n/messages.pot -d i18n -D messages -l "$lang" --width 100
  fi
done
python i18n/finish_catalogs.py
