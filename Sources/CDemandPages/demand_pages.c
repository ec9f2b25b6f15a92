#define _GNU_SOURCE
#include "CDemandPages.h"

#include <errno.h>
#include <unistd.h>

#if defined(__linux__)
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif
#ifndef USERFAULTFD_IOC_NEW
#define USERFAULTFD_IOC_NEW _IO(0xAA, 0x00)
#endif

int synap_pages_open(void) {
    int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY);
    if (fd < 0 && errno == EINVAL) /* kernels before 5.11 know no UFFD_USER_MODE_ONLY */
        fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 && (errno == EPERM || errno == ENOSYS)) { /* the syscall refused: the device may not be */
        int device = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
        if (device >= 0) {
            fd = ioctl(device, USERFAULTFD_IOC_NEW, O_CLOEXEC | O_NONBLOCK);
            int saved = errno;
            close(device);
            errno = saved;
        }
    }
    if (fd < 0) return -1;
    struct uffdio_api api = {.api = UFFD_API, .features = 0};
    if (ioctl(fd, UFFDIO_API, &api) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

void *synap_pages_reserve(int fd, size_t length) {
    void *base = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) return NULL;
    struct uffdio_register registration = {
        .range = {.start = (uintptr_t)base, .len = length},
        .mode = UFFDIO_REGISTER_MODE_MISSING,
    };
    if (ioctl(fd, UFFDIO_REGISTER, &registration) != 0) {
        int saved = errno;
        munmap(base, length);
        errno = saved;
        return NULL;
    }
    return base;
}

void synap_pages_release(void *base, size_t length) {
    if (base != NULL) munmap(base, length);
}

int synap_pages_next_fault(int fd, int stop_fd, uint64_t *address) {
    for (;;) {
        struct pollfd waits[2] = {{.fd = fd, .events = POLLIN}, {.fd = stop_fd, .events = POLLIN}};
        if (poll(waits, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (waits[1].revents & POLLIN) return 0;
        if (waits[0].revents & (POLLERR | POLLHUP | POLLNVAL)) { errno = EIO; return -1; }
        struct uffd_msg message;
        ssize_t got = read(fd, &message, sizeof message);
        if (got < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            return -1;
        }
        if (got != (ssize_t)sizeof message || message.event != UFFD_EVENT_PAGEFAULT) continue;
        *address = message.arg.pagefault.address;
        return 1;
    }
}

int synap_pages_wake(int fd, void *destination, size_t length) {
    struct uffdio_range range = {.start = (uintptr_t)destination, .len = length};
    return ioctl(fd, UFFDIO_WAKE, &range);
}

int synap_pages_fill(int fd, void *destination, const void *source, size_t length) {
    size_t done = 0;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    while (done < length) {
        struct uffdio_copy copy = {
            .dst = (uintptr_t)destination + done, .src = (uintptr_t)source + done, .len = length - done, .mode = 0,
        };
        if (ioctl(fd, UFFDIO_COPY, &copy) == 0) return 0;
        if (copy.copy > 0) { done += (size_t)copy.copy; continue; }
        if (errno == EAGAIN) continue;
        if (errno == EEXIST) { /* a page already there: wake its waiters and go on past it */
            if (synap_pages_wake(fd, (char *)destination + done, page) != 0) return -1;
            done += page;
            continue;
        }
        return -1;
    }
    return 0;
}

int synap_pages_zero(int fd, void *destination, size_t length) {
    size_t done = 0;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    while (done < length) {
        struct uffdio_zeropage zero = {
            .range = {.start = (uintptr_t)destination + done, .len = length - done}, .mode = 0,
        };
        if (ioctl(fd, UFFDIO_ZEROPAGE, &zero) == 0) return 0;
        if (zero.zeropage > 0) { done += (size_t)zero.zeropage; continue; }
        if (errno == EAGAIN) continue;
        if (errno == EEXIST) {
            if (synap_pages_wake(fd, (char *)destination + done, page) != 0) return -1;
            done += page;
            continue;
        }
        return -1;
    }
    return 0;
}

int synap_pages_stop_open(void) { return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }

void synap_pages_stop_signal(int stop_fd) {
    uint64_t one = 1;
    (void)!write(stop_fd, &one, sizeof one);
}

#else

int synap_pages_open(void) { errno = ENOSYS; return -1; }
void *synap_pages_reserve(int fd, size_t length) { (void)fd; (void)length; errno = ENOSYS; return NULL; }
void synap_pages_release(void *base, size_t length) { (void)base; (void)length; }
int synap_pages_next_fault(int fd, int stop_fd, uint64_t *address) {
    (void)fd; (void)stop_fd; (void)address; errno = ENOSYS; return -1;
}
int synap_pages_fill(int fd, void *destination, const void *source, size_t length) {
    (void)fd; (void)destination; (void)source; (void)length; errno = ENOSYS; return -1;
}
int synap_pages_zero(int fd, void *destination, size_t length) {
    (void)fd; (void)destination; (void)length; errno = ENOSYS; return -1;
}
int synap_pages_wake(int fd, void *destination, size_t length) {
    (void)fd; (void)destination; (void)length; errno = ENOSYS; return -1;
}
int synap_pages_stop_open(void) { errno = ENOSYS; return -1; }
void synap_pages_stop_signal(int stop_fd) { (void)stop_fd; }

#endif

size_t synap_pages_system_page_size(void) { return (size_t)sysconf(_SC_PAGESIZE); }
