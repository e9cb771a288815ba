#!/bin/bash
# Makes a register as version 28 of Kortisto wrote it: generated people, then every shape the
# label and retention rules tell apart, written by that version's commands and by plain SQL.
# Made with the kortisto binary built at commit 04d6f35 (schema 28):
#   git worktree add /tmp/v28 04d6f35 && (cd /tmp/v28 && swift build --product kortisto)
#   bash make-register-v28.sh /tmp/v28/.build/debug/kortisto register-v28.sqlite
set -e
K=$1; DB=$2
rm -f $DB $DB-wal $DB-shm
export KORTISTO_DB=$DB
$K generate --count 240 --seed 28 >/dev/null
sqlite3 $DB "UPDATE organisation SET street = NULL WHERE id % 3 = 0; UPDATE organisation SET town = NULL WHERE id % 5 = 0;
             UPDATE organisation SET country = 'SE' WHERE id % 7 = 0;
             UPDATE customer SET street = NULL, po_box = NULL, postcode = NULL, town = NULL WHERE organisation_id IS NOT NULL AND number % 4 = 0;
             UPDATE customer SET po_box = 'PL 7', street = NULL WHERE number % 9 = 0;
             UPDATE customer SET town = NULL WHERE number % 23 = 0;
             UPDATE customer SET since = '2015-03-01' WHERE number % 2 = 0;
             UPDATE customer SET since = '2019-11-30' WHERE number % 5 = 0;"
for n in 1003 1011 1019 1027 1035 1043 1051 1059; do $K ban $n publication --date 1.2.2024 >/dev/null; done
for n in 1004 1012 1020 1028 1036 1044 1052; do $K ban $n marketing --date 1.2.2024 >/dev/null; done
for n in 1011 1028; do $K unban $n publication --date 3.2.2024 >/dev/null 2>&1 || $K unban $n marketing --date 3.2.2024 >/dev/null; done
$K ban 1060 publication --date 5.5.2024 >/dev/null; $K unban 1060 publication --date 5.5.2024 >/dev/null
$K ban 1061 marketing --date 5.5.2024 >/dev/null; $K ban 1062 research >/dev/null
for n in 1070 1080; do $K restrict $n --reason "kiistetty" >/dev/null; done
$K hold 1090 --reason "Riita" >/dev/null
$K event add --name "Ensiapukurssi" --date 1.3.2019 >/dev/null
$K event add --name "Syysretki" --date 1.10.2025 >/dev/null
$K event attend 1 1100 >/dev/null; $K event attend 2 1102 >/dev/null; $K event attend 2 --walk-in "Ohikulkija Åke" >/dev/null
$K contact 1104 --channel phone --date 2.2.2025 >/dev/null; $K contact 1106 --channel email --date 2.2.2018 >/dev/null
$K order add 1108 --amount 120,00 --description "Hieronta" --date 3.3.2025 >/dev/null
$K order add 1110 --amount 80,00 --description "Kurssi" --date 3.3.2018 --invoice 7001 --invoice-date 3.3.2018 >/dev/null
$K edit 1112 --kind member --member-since 1.1.2016 --member-until 31.12.2018 >/dev/null
$K edit 1114 --kind member --member-since 1.1.2016 >/dev/null
$K add --first "Iida" --last "Öhrnberg" --org "Toiminimi Iida Öhrnberg" --since 1.1.2016 >/dev/null
for n in 1120 1130; do $K forget $n --yes >/dev/null 2>&1; done
sqlite3 $DB "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;"
sqlite3 $DB "PRAGMA user_version"
