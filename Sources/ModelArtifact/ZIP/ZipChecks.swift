/// The archive-wide checks run once every record is read: names, methods, sizes and layout.
enum ZipChecks {
    /// Checks each entry on its own and the names together; returns each name's first entry index.
    static func entries(_ entries: [ZipEntry], file: MappedFile, limits: ZipLimits,
                        findings: inout CappedFindings<ZipFindingCode>) throws -> [String: Int] {
        var firstIndex: [String: Int] = [:]
        firstIndex.reserveCapacity(entries.count)
        var totalInflated = 0
        for entry in entries {
            let at = entry.centralHeaderOffset
            let quoted = "entry '\(entry.name)'"
            if let reason = ZipNames.escapeReason(entry.name) {
                findings.add(.unsafePath, "\(quoted) \(reason)", in: file.path, at: at)
            } else if let other = entry.unicodePath, let reason = ZipNames.escapeReason(other) {
                findings.add(.unsafePath, "\(quoted) has a Unicode Path extra field naming '\(other)', which \(reason)", in: file.path, at: at)
            }
            var decoded = ZipNames.Decoded(name: entry.name, valid: true)
            if entry.isUTF8, entry.name.unicodeScalars.contains("\u{FFFD}") {
                decoded = ZipNames.decode(try file.reader().buffer(entry.nameRange), utf8: true)
            }
            if let reason = ZipNames.portabilityReason(decoded) {
                findings.add(.unportableName, "\(quoted) \(reason)", in: file.path, at: at)
            }
            if let first = firstIndex[entry.name] {
                findings.add(.duplicateName, "\(quoted) occurs again (entries \(first) and \(entry.index))", in: file.path, at: at)
            } else {
                firstIndex[entry.name] = entry.index
            }
            if entry.isEncrypted {
                findings.add(.encrypted, "\(quoted) is encrypted; its contents cannot be read", in: file.path, at: at)
            }
            if !entry.method.isSupported {
                findings.add(.unsupportedMethod, "\(quoted) is compressed with \(entry.method), which is not read", in: file.path, at: at)
            }
            if entry.isSymlink {
                findings.add(.symlink, "\(quoted) is a symbolic link", in: file.path, at: at)
            }
            if entry.method == .stored, !entry.isEncrypted, entry.compressedSize != entry.uncompressedSize {
                throw file.reader().error("zip-stored-size-mismatch", expected: "equal sizes for stored \(quoted)",
                                          found: "\(entry.compressedSize) stored for \(entry.uncompressedSize)", at: at)
            }
            if entry.method != .stored {
                let ratio = entry.uncompressedSize / max(entry.compressedSize, 1)
                if entry.uncompressedSize >= limits.bombMinimumSize, ratio > limits.bombRatio {
                    findings.add(.compressionBomb,
                                 "\(quoted) declares \(entry.uncompressedSize) bytes from \(entry.compressedSize) (\(ratio):1)", in: file.path, at: at)
                }
                let (sum, overflow) = totalInflated.addingReportingOverflow(entry.uncompressedSize)
                totalInflated = overflow ? Int.max : sum
            }
        }
        if totalInflated > limits.maxTotalInflated {
            findings.add(.hugeTotal, "compressed entries declare \(totalInflated) bytes in total, over \(limits.maxTotalInflated)",
                         in: file.path, at: entries.first?.centralHeaderOffset ?? 0)
        }
        return firstIndex
    }

    /// Checks that entries (local header to data descriptor) neither overlap each other nor the
    /// central directory, and reports the bytes nothing accounts for; returns the prefix length.
    static func layout(_ entries: [ZipEntry], records: [ZipLocalRecord], end: ZipEndRecord, file: MappedFile,
                       findings: inout CappedFindings<ZipFindingCode>) throws -> Int {
        let order = entries.indices.sorted { entries[$0].localHeaderOffset < entries[$1].localHeaderOffset }
        let directory = end.directoryRange
        let prefix = order.first.map { entries[$0].localHeaderOffset } ?? directory.lowerBound
        if prefix > 0 {
            findings.add(.prefixData, "\(prefix) bytes precede the first local header (a self-extractor stub or another format)",
                         in: file.path, at: 0)
        }
        var gaps = 0, gapBytes = 0, firstGap = 0
        func gap(from: Int, to: Int) {
            guard to > from else { return }
            if gaps == 0 { firstGap = from }
            gaps += 1
            gapBytes += to - from
        }
        var previousEnd = prefix
        var previous: Int?
        for index in order {
            let entry = entries[index]
            if entry.localHeaderOffset < previousEnd, let previous {
                throw file.reader().error("zip-overlap", expected: "entry '\(entry.name)' to start after entry '\(entries[previous].name)'",
                                          found: "a local header at \(entry.localHeaderOffset), before \(previousEnd)",
                                          at: entry.localHeaderOffset)
            }
            gap(from: previousEnd, to: entry.localHeaderOffset)
            previousEnd = records[index].end
            previous = index
        }
        if previousEnd > directory.lowerBound, let previous {
            throw file.reader().error("zip-overlap", expected: "entry '\(entries[previous].name)' to end before the central directory",
                                      found: "an end at \(previousEnd), after \(directory.lowerBound)", at: directory.lowerBound)
        }
        gap(from: previousEnd, to: directory.lowerBound)
        gap(from: directory.upperBound, to: end.directoryLimit)
        if gaps > 0 {
            findings.add(.unaccountedBytes, "\(gapBytes) bytes in \(gaps) places belong to no entry or record", in: file.path, at: firstGap)
        }
        return prefix
    }
}
