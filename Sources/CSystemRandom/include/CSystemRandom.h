// The kernel's CSPRNG for Verification, behind a header of <stddef.h> types: Swift's Glibc module
// does not export getrandom(2).
#ifndef DIALTONE_CSYSTEMRANDOM_H
#define DIALTONE_CSYSTEMRANDOM_H
#include <stddef.h>

/// Fills `buffer` with `count` random bytes from the kernel's CSPRNG (getrandom(2) on Linux,
/// arc4random_buf elsewhere). Returns 0 on success, -1 if the kernel refused.
int dialtone_random_fill(void *buffer, size_t count);

#endif
