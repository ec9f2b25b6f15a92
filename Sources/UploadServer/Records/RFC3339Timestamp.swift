import ModelArtifact
import SystemSeam

/// RFC 3339 timestamps in UTC with milliseconds (`2026-12-07T05:00:00.123Z`), as the records'
/// `created_at` and `updated_at` are written: fixed width, so text order is time order.
package enum RFC3339Timestamp {
    /// The wall clock now.
    package static func now() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return format(milliseconds: Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000)
    }

    /// The instant `milliseconds` after 1970-01-01T00:00:00Z (years 0000 to 9999).
    package static func format(milliseconds: Int64) -> String {
        let time = CivilTime(secondsSinceEpoch: CivilTime.floorDiv(milliseconds, 1000))
        let digits = CivilTime.digits
        return digits(time.year, 4) + "-" + digits(time.month, 2) + "-" + digits(time.day, 2) + "T"
            + digits(time.hour, 2) + ":" + digits(time.minute, 2) + ":" + digits(time.second, 2)
            + "." + digits(CivilTime.floorMod(milliseconds, 1000), 3) + "Z"
    }
}
