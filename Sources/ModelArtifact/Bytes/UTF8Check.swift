/// Finds where UTF-8 goes wrong, so errors can point at the byte.
public enum UTF8Check {
    /// The index of the first byte of `bytes` that does not start or continue a valid UTF-8
    /// sequence, or nil when all of it is valid.
    public static func firstInvalidIndex(in bytes: UnsafeRawBufferPointer) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var position = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): position += encoded.count
            case .emptyInput: return nil
            case .error: return position
            }
        }
    }
}
