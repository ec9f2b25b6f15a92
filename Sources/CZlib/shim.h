// The system zlib (part of every Swift-on-Linux install), used for deflated ZIP entries.
#include <zlib.h>
