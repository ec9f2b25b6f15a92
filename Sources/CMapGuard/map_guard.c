#define _GNU_SOURCE
#include "CMapGuard.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* One announced range. `end` is written last on enter and first on leave, so the handler never
   sees a half-written slot as live: a slot is live while end > start. */
struct slot {
    _Atomic uintptr_t start;
    _Atomic uintptr_t end;
    _Atomic size_t faults;
    _Atomic int taken;
};

static struct slot slots[SYNAP_MAP_GUARD_SLOTS];
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int install_result = -1;
static int install_errno = 0;

static void on_sigbus(int signal, siginfo_t *info, void *context) {
    (void)context;
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int i = 0; i < SYNAP_MAP_GUARD_SLOTS; i++) {
        uintptr_t end = atomic_load(&slots[i].end);
        uintptr_t start = atomic_load(&slots[i].start);
        if (end > start && address >= start && address < end) {
            long page = sysconf(_SC_PAGESIZE);
            uintptr_t base = address & ~((uintptr_t)page - 1);
            void *zeros = mmap((void *)base, (size_t)page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            if (zeros != MAP_FAILED) {
                atomic_fetch_add(&slots[i].faults, 1);
                return;
            }
            break;
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

int synap_map_guard_enter(const void *start, size_t length) {
    for (int i = 0; i < SYNAP_MAP_GUARD_SLOTS; i++) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&slots[i].taken, &expected, 1)) {
            atomic_store(&slots[i].faults, 0);
            atomic_store(&slots[i].start, (uintptr_t)start);
            atomic_store(&slots[i].end, (uintptr_t)start + length);
            return i;
        }
    }
    return -1;
}

size_t synap_map_guard_take_faults(int slot) {
    if (slot < 0 || slot >= SYNAP_MAP_GUARD_SLOTS) return 0;
    return atomic_exchange(&slots[slot].faults, 0);
}

size_t synap_map_guard_leave(int slot) {
    if (slot < 0 || slot >= SYNAP_MAP_GUARD_SLOTS) return 0;
    atomic_store(&slots[slot].end, 0);
    atomic_store(&slots[slot].start, 0);
    size_t faults = atomic_load(&slots[slot].faults);
    atomic_store(&slots[slot].taken, 0);
    return faults;
}
