import SQLiteKit

/// SQLite's side of `RecordsSQLDialect`.
struct SQLiteRecordsDialect: RecordsSQLDialect {
    /// `AUTOINCREMENT` keeps ids from being reused after the newest row is deleted (SQLKit's own
    /// `.primaryKey` leaves it out for SQLite).
    var identityColumn: String { "INTEGER PRIMARY KEY AUTOINCREMENT" }

    /// Takes the write lock at once, so a second migrator waits (busy timeout) instead of failing
    /// when it upgrades a read.
    var beginMigration: [String] { ["BEGIN IMMEDIATE"] }

    /// SQLiteNIO opens connections with extended result codes, so a unique index says so itself.
    func isUniqueViolation(_ error: any Error) -> Bool {
        guard let error = error as? SQLiteError else { return false }
        return error.reason == .constraintUniqueFailed
    }
}
