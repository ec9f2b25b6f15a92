/// Numbers as people read them: "16.06 GB", "8.03 B", "1,239,748".
enum HumanUnits {
    /// A byte count in decimal units (kB, MB, GB, TB), three significant figures or more.
    static func bytes(_ count: Int) -> String {
        scaled(Double(count), units: ["bytes", "kB", "MB", "GB", "TB", "PB"], base: 1000, integerFirst: true)
    }

    /// A count with K, M, B, T suffixes ("309.63 K", "8.03 B").
    static func count(_ value: Int) -> String {
        scaled(Double(value), units: ["", "K", "M", "B", "T"], base: 1000, integerFirst: true)
    }

    /// An integer with thousands separators.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// A fraction as a percentage with one decimal.
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "—" }
        return fixed(Double(part) * 100 / Double(whole), decimals: 1) + "%"
    }

    private static func scaled(_ value: Double, units: [String], base: Double, integerFirst: Bool) -> String {
        var v = value
        var unit = 0
        while v >= base && unit < units.count - 1 { v /= base; unit += 1 }
        if unit == 0 && integerFirst {
            let whole = grouped(Int(value))
            return units[0].isEmpty ? whole : "\(whole) \(units[0])"
        }
        let text = fixed(v, decimals: v >= 100 ? 1 : 2)
        return units[unit].isEmpty ? text : "\(text) \(units[unit])"
    }

    /// `value` with exactly `decimals` digits after the point (no Foundation formatting needed).
    static func fixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded()
        let whole = Int(rounded / scale)
        let fraction = Int(abs(rounded) - abs(Double(whole)) * scale)
        guard decimals > 0 else { return String(whole) }
        let digits = String(fraction)
        return "\(rounded < 0 && whole == 0 ? "-" : "")\(whole).\(String(repeating: "0", count: max(0, decimals - digits.count)))\(digits)"
    }
}
