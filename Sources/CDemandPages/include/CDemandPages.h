#ifndef SYNAP_CDEMANDPAGES_H
#define SYNAP_CDEMANDPAGES_H

#include <stddef.h>
#include <stdint.h>

/// Memory whose pages are filled on first touch by the process itself (Linux userfaultfd).
///
/// A region is reserved with `synap_pages_reserve` and registered with a userfaultfd; a thread that
/// reads a page not yet filled sleeps in the kernel while a handler thread (`synap_pages_next_fault`)
/// learns the address, obtains the bytes, and installs them with `synap_pages_fill` (or zeros with
/// `synap_pages_zero`), which wakes the reader. Only faults from user space are handled
/// (UFFD_USER_MODE_ONLY where the kernel asks for it): the region must not be handed to system calls
/// before its pages are filled. On systems without userfaultfd every call fails with ENOSYS.

/// Opens a userfaultfd (non-blocking, close-on-exec) for missing-page faults; -1 with errno on failure.
int synap_pages_open(void);

/// Reserves `length` bytes (a multiple of the page size) of private anonymous memory, readable and
/// writable, no swap reserved, and registers it with `fd`; NULL with errno on failure.
void *synap_pages_reserve(int fd, size_t length);

/// Unmaps a region reserved by `synap_pages_reserve`.
void synap_pages_release(void *base, size_t length);

/// Waits for the next missing-page fault on `fd`, or for `stop_fd` (an eventfd) to become readable.
/// Returns 1 with the faulting address in `*address`, 0 when stopped, -1 with errno on failure.
int synap_pages_next_fault(int fd, int stop_fd, uint64_t *address);

/// Installs `length` bytes from `source` at `destination` (both page-aligned, `length` a multiple of
/// the page size) and wakes the threads waiting there. Pages already filled are skipped and their
/// waiters woken. 0, or -1 with errno.
int synap_pages_fill(int fd, void *destination, const void *source, size_t length);

/// Installs zero pages over `length` bytes at `destination` and wakes the waiters; 0 or -1.
int synap_pages_zero(int fd, void *destination, size_t length);

/// Wakes the threads waiting for a fault over `length` bytes at `destination` (pages already there).
int synap_pages_wake(int fd, void *destination, size_t length);

/// An eventfd to stop `synap_pages_next_fault`, and the call that signals it.
int synap_pages_stop_open(void);
void synap_pages_stop_signal(int stop_fd);

/// The system's page size.
size_t synap_pages_system_page_size(void);

#endif
