#!/usr/bin/env bash
# kortisto sync against a real CardDAV server: Radicale on 127.0.0.1, vdirsyncer between it and
# the vdir that `kortisto sync --vdir` keeps. A phone is played by editing the server over HTTP.
# Needs: $K (the kortisto binary), radicale, vdirsyncer, curl, python3. Everything lives in a
# mktemp folder removed at exit. Prints "ok - …" per check and exits non-zero at the first failure.
set -euo pipefail
: "${K:?set K to the kortisto binary}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kortisto-carddav.XXXXXX")
PID=""
cleanup() {
    local rc=$?
    [[ -n "$PID" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT
ok() { echo "ok - $*"; }
fail() { echo "FAIL - $*" >&2; [[ -f "$WORK/log" ]] && tail -n 20 "$WORK/log" >&2; exit 1; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }

# Radicale, no authentication, its address book made beforehand (a folder with its props).
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BOOKDIR="$WORK/storage/collection-root/puhelin/kontaktit"
mkdir -p "$BOOKDIR"
printf '{"tag": "VADDRESSBOOK"}\n' > "$BOOKDIR/.Radicale.props"
printf '[server]\nhosts = 127.0.0.1:%s\n[auth]\ntype = none\n[storage]\nfilesystem_folder = %s\n[logging]\nlevel = warning\n' \
    "$PORT" "$WORK/storage" > "$WORK/radicale.conf"
radicale --config "$WORK/radicale.conf" >"$WORK/radicale.log" 2>&1 </dev/null &
PID=$!
URL="http://127.0.0.1:$PORT"
BOOK="$URL/puhelin/kontaktit/"
for _ in $(seq 1 300); do curl -fsS -o /dev/null -X OPTIONS "$URL/" 2>/dev/null && break; sleep 0.1; done
check "Radicale answers" curl -fsS -o /dev/null -X OPTIONS "$URL/"
CURL=(curl -fsS -u puhelin:x)

VDIR="$WORK/vdir"
mkdir -p "$VDIR" "$WORK/status"
cat > "$WORK/vdirsyncer.conf" <<CONF
[general]
status_path = "$WORK/status/"

[pair kortisto]
a = "kortisto_vdir"
b = "kortisto_carddav"
collections = null
conflict_resolution = "a wins"

[storage kortisto_vdir]
type = "filesystem"
path = "$VDIR/"
fileext = ".vcf"

[storage kortisto_carddav]
type = "carddav"
url = "$BOOK"
username = "puhelin"
password = "x"
CONF
vds() { vdirsyncer -c "$WORK/vdirsyncer.conf" "$@" </dev/null >>"$WORK/log" 2>&1 || fail "vdirsyncer $*"; }
server_has() { grep -qs -- "$1" "$BOOKDIR"/*.vcf; }
server_cards() { find "$BOOKDIR" -maxdepth 1 -name '*.vcf' | wc -l; }
DB="$WORK/rekisteri.sqlite"
k() { "$K" --db "$DB" "$@" >>"$WORK/log" 2>&1; }

k add --first Äijä --last Öljynen --phone "040 123 4567" --email aija@example.fi || fail "add"
k add --first Eino --last Leino --town Oulu || fail "add"
k add --first Åsa --last Åberg --email asa@example.fi || fail "add"
k ban 1002 marketing || fail "ban"
vds discover
k sync --vdir "$VDIR" || fail "kortisto sync"
vds sync
check "every customer is on the server" test "$(server_cards)" -eq 3
check "the server has Äijä's number" server_has "+358401234567"

# The phone: Äijä's number changed, a new contact added.
href=$("${CURL[@]}" -X PROPFIND -H 'Depth: 1' "$BOOK" | python3 -c '
import sys, xml.etree.ElementTree as ET
for r in ET.parse(sys.stdin).getroot().iter("{DAV:}response"):
    h = r.findtext("{DAV:}href")
    if h.endswith(".vcf"): print(h)' | while read -r h; do
    if "${CURL[@]}" "$URL$h" | grep -q "Öljynen"; then echo "$h"; fi; done)
[[ -n "$href" ]] || fail "Äijä's card on the server"
etag=$("${CURL[@]}" -o /dev/null -D - "$URL$href" | tr -d '\r' | awk 'tolower($1)=="etag:"{print $2}')
"${CURL[@]}" "$URL$href" | sed 's/+358401234567/+358509998888/' > "$WORK/aija.vcf"
"${CURL[@]}" -X PUT -H 'Content-Type: text/vcard; charset=utf-8' -H "If-Match: $etag" --data-binary @"$WORK/aija.vcf" -o /dev/null "$URL$href"
printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:puhelimen-oma-1\r\nFN:Iida Uusi\r\nN:Uusi;Iida;;;\r\nTEL;TYPE=CELL:+358441112222\r\nEND:VCARD\r\n' > "$WORK/iida.vcf"
"${CURL[@]}" -X PUT -H 'Content-Type: text/vcard' -H 'If-None-Match: *' --data-binary @"$WORK/iida.vcf" -o /dev/null "${BOOK}iida.vcf"
vds sync
k sync --vdir "$VDIR" || fail "kortisto sync after the phone's changes"
check "the phone's new number reached the register" grep -q "050 999 8888" <("$K" --db "$DB" show 1001)
check "the phone's new contact is a customer" grep -q "Uusi, Iida" <("$K" --db "$DB" list)
check "who came from the phone keeps the phone's UID" grep -q "UID:puhelimen-oma-1" <("$K" --db "$DB" export --format vcf)
check "the ban is still the register's" grep -q '"marketing"' <("$K" --db "$DB" show 1002 --format json)

# The register: a town changed, a customer forgotten.
k edit 1003 --town Turku || fail "edit"
k forget 1002 --yes || fail "forget"
k sync --vdir "$VDIR" || fail "kortisto sync after the register's changes"
vds sync
check "the register's change reached the server" server_has "Turku"
check "the forgotten customer is off the server" bash -c "! grep -qs Leino '$BOOKDIR'/*.vcf"
check "the server has the others" test "$(server_cards)" -eq 3

# Settled: another round changes nothing on either side.
vds sync
out=$("$K" --db "$DB" sync --vdir "$VDIR")
check "a second round changes nothing" grep -q "nothing to change" <<<"$out"
echo "carddav: all checks passed"
