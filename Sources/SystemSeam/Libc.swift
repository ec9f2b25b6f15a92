// The C library, imported once for the package: every other module imports `SystemSeam` and
// reaches libc through it. The one place that knows which C library the platform has.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#endif
