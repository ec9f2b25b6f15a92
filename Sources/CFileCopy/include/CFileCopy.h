#ifndef SYNAP_CFILECOPY_H
#define SYNAP_CFILECOPY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/// Copies up to `length` bytes from `in_fd` at `*in_offset` to `out_fd` at its file position inside
/// the kernel (Linux `copy_file_range(2)`: page cache to page cache, or a reflink, with no copy
/// through user space), advancing `*in_offset`. Returns the bytes copied, 0 at the end of the
/// input, or -1 with errno set; errno is ENOSYS where the system has no such call, and EXDEV,
/// EINVAL or EOPNOTSUPP where the two files cannot be copied between this way.
ssize_t synap_copy_file_range(int in_fd, int64_t *in_offset, int out_fd, size_t length);

#endif
