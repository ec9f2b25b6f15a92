#if defined(__linux__)
#define _GNU_SOURCE
#endif
#include "CFileCopy.h"

#include <errno.h>
#include <unistd.h>

ssize_t synap_copy_file_range(int in_fd, int64_t *in_offset, int out_fd, size_t length) {
#if defined(__linux__)
    loff_t offset = (loff_t)*in_offset;
    ssize_t copied = copy_file_range(in_fd, &offset, out_fd, NULL, length, 0);
    if (copied > 0) *in_offset = (int64_t)offset;
    return copied;
#else
    (void)in_fd; (void)in_offset; (void)out_fd; (void)length;
    errno = ENOSYS;
    return -1;
#endif
}
