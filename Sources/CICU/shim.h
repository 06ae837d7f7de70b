#include <unicode/utypes.h>
#include <unicode/uchar.h>
