// The system's SQLite (Debian libsqlite3-dev), for the embedded verification store.
#include <sqlite3.h>
