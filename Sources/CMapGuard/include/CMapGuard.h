#ifndef SYNAP_CMAPGUARD_H
#define SYNAP_CMAPGUARD_H

#include <stddef.h>

/// Protection against SIGBUS while reading a memory-mapped file that another process truncates.
///
/// A reader announces the mapped range it is about to read (`synap_map_guard_enter`); any thread
/// may then touch it. If a page of an announced range faults with SIGBUS (the file shrank under the
/// mapping), the handler maps a page of zeros over it, counts the fault against that range and lets
/// the read go on; `synap_map_guard_leave` returns the count, and the caller reports the file as
/// changed instead of crashing. A SIGBUS outside every announced range keeps its default, fatal
/// behaviour. Up to SYNAP_MAP_GUARD_SLOTS ranges may be announced at once.

#define SYNAP_MAP_GUARD_SLOTS 256

/// Installs the SIGBUS handler once per process; returns 0 on success, -1 (errno set) on failure.
int synap_map_guard_install(void);

/// Announces [start, start + length) as being read; returns a slot for `synap_map_guard_leave`,
/// or -1 when every slot is taken (the range is then read unguarded).
int synap_map_guard_enter(const void *start, size_t length);

/// Returns how many pages of `slot`'s range have faulted since it was announced or last asked, and
/// starts counting again from zero.
size_t synap_map_guard_take_faults(int slot);

/// Ends the announcement of `slot`; returns how many pages of its range faulted meanwhile.
size_t synap_map_guard_leave(int slot);

#endif
