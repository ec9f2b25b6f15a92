/// A stored (uncompressed) ZIP built in memory, for tests that need entries ordinary writers
/// refuse to make: names of any bytes (with or without the UTF-8 flag), symbolic links, repeats.
public struct StoredZip {
    private var local: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    public init() {}

    /// Adds an entry named `name` (UTF-8, flag bit 11 set) holding `data`; a symbolic link (Unix
    /// mode 0120777, `data` its target) when `symlink`.
    public mutating func add(_ name: String, _ data: [UInt8], symlink: Bool = false) {
        add(rawName: Array(name.utf8), data, utf8: true, symlink: symlink)
    }

    /// Adds an entry whose name is the bytes `rawName`, flagged UTF-8 or not (then CP437).
    public mutating func add(rawName: [UInt8], _ data: [UInt8], utf8: Bool, symlink: Bool = false) {
        let crc = Self.crc32(data)
        let flags: UInt16 = utf8 ? 0x0800 : 0
        let offset = UInt32(local.count)
        local += Self.u32(0x0403_4b50) + Self.u16(20) + Self.u16(flags) + Self.u16(0) + Self.u16(0) + Self.u16(0x21)
            + Self.u32(crc) + Self.u32(UInt32(data.count)) + Self.u32(UInt32(data.count))
            + Self.u16(UInt16(rawName.count)) + Self.u16(0) + rawName + data
        let mode: UInt32 = symlink ? 0o120777 : 0o100644
        central += Self.u32(0x0201_4b50) + Self.u16(0x031E) + Self.u16(20) + Self.u16(flags) + Self.u16(0) + Self.u16(0)
            + Self.u16(0x21) + Self.u32(crc) + Self.u32(UInt32(data.count)) + Self.u32(UInt32(data.count))
            + Self.u16(UInt16(rawName.count)) + Self.u16(0) + Self.u16(0) + Self.u16(0) + Self.u16(0)
            + Self.u32(mode << 16) + Self.u32(offset) + rawName
        count += 1
    }

    /// The archive's bytes: the entries, the central directory, the end record.
    public var bytes: [UInt8] {
        local + central + Self.u32(0x0605_4b50) + Self.u16(0) + Self.u16(0) + Self.u16(UInt16(count)) + Self.u16(UInt16(count))
            + Self.u32(UInt32(central.count)) + Self.u32(UInt32(local.count)) + Self.u16(0)
    }

    /// CRC-32 (the ZIP polynomial), bit by bit: test data is small.
    public static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func u16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8)] }
    private static func u32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
}
