#include "CSystemRandom.h"
#include <errno.h>

#if defined(__linux__)
#include <sys/random.h>

int dialtone_random_fill(void *buffer, size_t count) {
    unsigned char *bytes = buffer;
    size_t filled = 0;
    while (filled < count) {
        ssize_t n = getrandom(bytes + filled, count - filled, 0);
        if (n > 0) {
            filled += (size_t)n;
        } else if (n < 0 && errno != EINTR) {
            return -1;
        }
    }
    return 0;
}
#else
#include <stdlib.h>

int dialtone_random_fill(void *buffer, size_t count) {
    arc4random_buf(buffer, count);
    return 0;
}
#endif
