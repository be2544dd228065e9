#!/usr/bin/env bash
# Message catalogs, one per area (the foundation and each feature folder).
#   scripts/catalogs.sh update [AREA]  extract strings and merge them into the ar/en .po files
#                                      (AREA: conference, or conference/<feature>; default all)
#   scripts/catalogs.sh compile        build the .mo files the app loads
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-.venv/bin/pybabel}
FEATURES="registration badges checkin agenda awards experiences feedback printing"

areas() {
  echo "conference"
  for f in $FEATURES; do [ -d "conference/$f" ] && echo "conference/$f"; done
}

update_area() {
  local area=$1 dir="$1/translations" pot
  pot=$(mktemp --suffix=.pot)
  if [ "$area" = conference ]; then
    # shellcheck disable=SC2086
    $PYBABEL extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
      --ignore-dirs="$FEATURES .venv" -o "$pot" conference templates
  else
    local name=${area#conference/}
    $PYBABEL extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
      -o "$pot" "$area" $( [ -d "templates/$name" ] && echo "templates/$name" )
  fi
  for lang in ar en; do
    if [ -f "$dir/$lang/LC_MESSAGES/messages.po" ]; then
      $PYBABEL update --no-fuzzy-matching --ignore-obsolete -i "$pot" -d "$dir" -l "$lang"
    else
      $PYBABEL init -i "$pot" -d "$dir" -l "$lang"
    fi
  done
  rm -f "$pot"
}

case "${1:-compile}" in
  update) for a in ${2:-$(areas)}; do update_area "$a"; done ;;
  compile) for a in $(areas); do [ -d "$a/translations" ] && $PYBABEL compile -d "$a/translations"; done; true ;;
  *) echo "usage: $0 update|compile" >&2; exit 2 ;;
esac
