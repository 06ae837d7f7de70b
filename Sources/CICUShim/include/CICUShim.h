// Wrappers over the few ICU calls Dialtone needs, with a header that uses only <stdint.h>
// types so that no Swift module importing it sees ICU's own declarations (which clash with
// Foundation's bundled ICU on a clean build).
#ifndef DIALTONE_CICUSHIM_H
#define DIALTONE_CICUSHIM_H
#include <stdint.h>

/// Decimal digit value (0-9) of a code point whose general category is Nd, or -1.
int32_t dialtone_digitValue(int32_t codePoint);
/// ICU general category (UCharCategory) of a code point.
int8_t dialtone_charType(int32_t codePoint);
/// 1 for Unicode White_Space, 0 otherwise.
int8_t dialtone_isWhiteSpace(int32_t codePoint);
/// 1 for Unicode Dash (the binary property), 0 otherwise.
int8_t dialtone_isDash(int32_t codePoint);
/// 1 if the code point is a letter (general category L*), 0 otherwise.
int8_t dialtone_isLetter(int32_t codePoint);
/// The ICU version linked, e.g. "72.1", NUL-terminated, static storage.
const char *dialtone_icuVersion(void);

#endif
