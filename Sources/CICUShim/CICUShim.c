#include "CICUShim.h"
#include <unicode/uchar.h>
#include <unicode/uversion.h>

_Static_assert(UCHAR_WHITE_SPACE == 31, "ICU UCHAR_WHITE_SPACE moved");
_Static_assert(UCHAR_DASH == 4, "ICU UCHAR_DASH moved");
_Static_assert(U_DECIMAL_DIGIT_NUMBER == 9, "ICU U_DECIMAL_DIGIT_NUMBER moved");

int32_t dialtone_digitValue(int32_t codePoint) {
    if (u_charType(codePoint) != U_DECIMAL_DIGIT_NUMBER) return -1;
    return u_charDigitValue(codePoint);
}

int8_t dialtone_charType(int32_t codePoint) { return (int8_t)u_charType(codePoint); }

int8_t dialtone_isWhiteSpace(int32_t codePoint) {
    return u_hasBinaryProperty(codePoint, UCHAR_WHITE_SPACE) ? 1 : 0;
}

int8_t dialtone_isDash(int32_t codePoint) {
    return u_hasBinaryProperty(codePoint, UCHAR_DASH) ? 1 : 0;
}

int8_t dialtone_isLetter(int32_t codePoint) { return u_isalpha(codePoint) ? 1 : 0; }

const char *dialtone_icuVersion(void) { return U_ICU_VERSION; }
