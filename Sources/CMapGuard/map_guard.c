#define _GNU_SOURCE
#include "CMapGuard.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static __thread uintptr_t guard_start;
static __thread uintptr_t guard_end;
static __thread size_t guard_faults;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int install_result = -1;
static int install_errno = 0;

static void on_sigbus(int signal, siginfo_t *info, void *context) {
    (void)context;
    uintptr_t address = (uintptr_t)info->si_addr;
    if (guard_end > guard_start && address >= guard_start && address < guard_end) {
        long page = sysconf(_SC_PAGESIZE);
        uintptr_t base = address & ~((uintptr_t)page - 1);
        void *zeros = mmap((void *)base, (size_t)page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (zeros != MAP_FAILED) {
            guard_faults += 1;
            return;
        }
    }
    /* Not ours, or the page could not be replaced: fail as if no handler were installed. */
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(signal, &fallback, NULL);
}

static void install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_sigbus;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    install_result = sigaction(SIGBUS, &action, NULL);
    install_errno = errno;
}

int synap_map_guard_install(void) {
    pthread_once(&install_once, install);
    if (install_result != 0) errno = install_errno;
    return install_result;
}

void synap_map_guard_enter(const void *start, size_t length) {
    guard_faults = 0;
    guard_start = (uintptr_t)start;
    guard_end = (uintptr_t)start + length;
}

size_t synap_map_guard_leave(void) {
    guard_start = 0;
    guard_end = 0;
    size_t faults = guard_faults;
    guard_faults = 0;
    return faults;
}
