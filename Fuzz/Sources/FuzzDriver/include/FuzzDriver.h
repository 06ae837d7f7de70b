// libFuzzer's entry point for programs that have their own `main` (SwiftPM links executables with
// `--defsym main=<Target>_main`, so libFuzzer's `main` never runs). See docs/FUZZING.md.
#ifndef DIALTONE_FUZZ_DRIVER_H
#define DIALTONE_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer with the command line `*argc`/`*argv`, calling `callback` for every input.
/// Defined by libFuzzer when linked with `-sanitize=fuzzer`; otherwise by the replayer in
/// FuzzDriver.c, which runs each file (or each file of each directory) named on the command line.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
