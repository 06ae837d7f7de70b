// A replayer used only when libFuzzer is not linked (a plain `swift build` of the Fuzz package):
// libFuzzer's strong `LLVMFuzzerRunDriver` replaces this weak one under `-sanitize=fuzzer`.
//
// Each argument that does not start with `-` is a file or a directory; every regular file is read
// and passed to the callback once. Options (`-runs=...`) are ignored.
#include "FuzzDriver.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int replay_file(const char *path, int (*callback)(const uint8_t *, size_t)) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return 1;
    }
    size_t capacity = 4096, size = 0;
    uint8_t *data = malloc(capacity);
    size_t got;
    while (data != NULL && (got = fread(data + size, 1, capacity - size, file)) > 0) {
        size += got;
        if (size == capacity) {
            capacity *= 2;
            uint8_t *grown = realloc(data, capacity);
            if (grown == NULL) free(data);
            data = grown;
        }
    }
    fclose(file);
    if (data == NULL) return 1;
    callback(data, size);
    free(data);
    return 0;
}

static int replay_path(const char *path, int (*callback)(const uint8_t *, size_t)) {
    struct stat info;
    if (stat(path, &info) != 0) {
        fprintf(stderr, "replay: no such file %s\n", path);
        return 1;
    }
    if (!S_ISDIR(info.st_mode)) return replay_file(path, callback);
    DIR *directory = opendir(path);
    if (directory == NULL) return 1;
    int failures = 0;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        if (entry->d_name[0] == '.') continue;
        size_t length = strlen(path) + strlen(entry->d_name) + 2;
        char *child = malloc(length);
        if (child == NULL) break;
        snprintf(child, length, "%s/%s", path, entry->d_name);
        failures += replay_path(child, callback);
        free(child);
    }
    closedir(directory);
    return failures;
}

__attribute__((weak)) int LLVMFuzzerRunDriver(int *argc, char ***argv,
                                              int (*callback)(const uint8_t *, size_t)) {
    int failures = 0, inputs = 0;
    for (int i = 1; i < *argc; i++) {
        if ((*argv)[i][0] == '-') continue;
        failures += replay_path((*argv)[i], callback);
        inputs++;
    }
    if (inputs == 0) callback((const uint8_t *)"", 0);
    fprintf(stderr, "replay: done (built without libFuzzer; see docs/FUZZING.md)\n");
    return failures == 0 ? 0 : 1;
}
