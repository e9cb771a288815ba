#ifndef KORTISTO_CSQLITE_SHIM_H
#define KORTISTO_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import.
static inline sqlite3_destructor_type kortisto_sqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_db_config is variadic; Swift needs a fixed signature.
static inline int kortisto_sqlite_db_config_int(sqlite3 *db, int op, int value, int *out) {
    return sqlite3_db_config(db, op, value, out);
}

// sqlite3_config is variadic too. Counting every allocation takes a global mutex on each
// malloc, even on a connection opened without mutexes; must run before SQLite initialises.
static inline int kortisto_sqlite_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
#endif
