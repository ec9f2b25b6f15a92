import ModelArtifact

extension GGUFParser {
    /// `count` tensor infos in file order, each with its type, element count and byte length
    /// checked, and the index of each name (names must be unique).
    mutating func tensorInfos(count: Int) throws -> ([GGUFTensorInfo], [String: Int]) {
        var tensors: [GGUFTensorInfo] = []
        var index: [String: Int] = [:]
        tensors.reserveCapacity(count)
        for _ in 0..<count {
            let info = try tensorInfo()
            if let first = index[info.name] {
                throw reader.error("gguf-duplicate-tensor", expected: "unique tensor names",
                                   found: "\"\(info.name)\" again (first at byte \(tensors[first].infoOffset))",
                                   at: info.infoOffset)
            }
            index[info.name] = tensors.count
            tensors.append(info)
        }
        return (tensors, index)
    }

    /// One tensor info: name, n_dims, dims, ggml type, offset.
    private mutating func tensorInfo() throws -> GGUFTensorInfo {
        let start = reader.offset
        let name = try values.string(maxLength: limits.maxStringLength, rule: "gguf-string-too-long",
                                     what: "a tensor name")
        if name.utf8.count >= GGUFConstants.ggmlMaxName {
            findings.add(.longName,
                         "tensor name \"\(name)\" is \(name.utf8.count) bytes; ggml accepts names under \(GGUFConstants.ggmlMaxName)",
                         in: file.path, at: start)
        }
        let dimsOffset = reader.offset
        let nDims = try reader.u32()
        guard nDims <= UInt32(limits.maxDimensions) else {
            throw reader.error("gguf-too-many-dims", expected: "at most \(limits.maxDimensions) dimensions",
                               found: "\(nDims) for tensor \"\(name)\"", at: dimsOffset)
        }
        if nDims > UInt32(GGUFConstants.ggmlMaxDimensions) {
            findings.add(.manyDimensions,
                         "tensor \"\(name)\" has \(nDims) dimensions; ggml handles at most \(GGUFConstants.ggmlMaxDimensions)",
                         in: file.path, at: dimsOffset)
        }
        var dims: [Int] = []
        dims.reserveCapacity(Int(nDims))
        for _ in 0..<nDims {
            let at = reader.offset
            let dim = try reader.u64()
            guard dim <= UInt64(Int64.max) else {
                throw reader.error("gguf-dims-overflow", expected: "a dimension of at most \(Int64.max)",
                                   found: "\(dim) in tensor \"\(name)\"", at: at)
            }
            dims.append(Int(dim))
        }
        let typeOffset = reader.offset
        let typeID = try reader.u32()
        guard let type = GGMLType(id: typeID) else {
            let known = GGMLType.removed[typeID].map { " (\($0), removed from GGUF)" } ?? ""
            throw reader.error("gguf-unknown-ggml-type", expected: "a known ggml type",
                               found: "type \(typeID)\(known) for tensor \"\(name)\"", at: typeOffset)
        }
        let offsetField = reader.offset
        let relative = try reader.u64()
        guard let elements = dims.reduce(Optional(1), { total, dim in
            total.flatMap { t in
                let (p, overflow) = t.multipliedReportingOverflow(by: dim)
                return overflow ? nil : p
            }
        }) else {
            throw reader.error("gguf-dims-overflow", expected: "an element count that fits in 64 bits",
                               found: "dims \(dims) for tensor \"\(name)\"", at: dimsOffset)
        }
        let rowLength = dims.first ?? 1
        guard rowLength % type.blockSize == 0 else {
            throw reader.error("gguf-row-not-block-multiple",
                               expected: "ne[0] a multiple of \(type.name)'s block of \(type.blockSize)",
                               found: "ne[0] = \(rowLength) for tensor \"\(name)\"", at: dimsOffset)
        }
        guard let length = type.byteCount(dims: dims) else {
            throw reader.error("gguf-dims-overflow", expected: "a byte length that fits in 64 bits",
                               found: "dims \(dims) of \(type.name) for tensor \"\(name)\"", at: dimsOffset)
        }
        guard relative <= UInt64(Int.max) else {
            throw reader.error("gguf-tensor-out-of-bounds", expected: "a data offset inside the file",
                               found: "offset \(relative) for tensor \"\(name)\"", at: offsetField)
        }
        return GGUFTensorInfo(name: name, dims: dims, type: type, relativeOffset: Int(relative), offset: 0,
                              byteLength: length, elementCount: elements, infoOffset: start)
    }

    /// Gives each tensor its absolute offset, checks alignment and bounds, and notes overlaps and
    /// tensors not where ggml would put them.
    mutating func place(_ tensors: inout [GGUFTensorInfo], dataOffset: Int, alignment: Int) throws {
        var expected = 0
        var misplaced: [(name: String, found: Int, expected: Int)] = []
        for i in tensors.indices {
            let info = tensors[i]
            guard info.relativeOffset % alignment == 0 else {
                throw reader.error("gguf-misaligned-tensor", expected: "a data offset that is a multiple of \(alignment)",
                                   found: "offset \(info.relativeOffset) for tensor \"\(info.name)\"", at: info.infoOffset)
            }
            let (start, o1) = dataOffset.addingReportingOverflow(info.relativeOffset)
            let (end, o2) = start.addingReportingOverflow(info.byteLength)
            guard !o1, !o2, end <= file.size else {
                throw reader.error("gguf-tensor-out-of-bounds",
                                   expected: "tensor data inside the file's \(file.size) bytes",
                                   found: "\"\(info.name)\" at \(dataOffset) + \(info.relativeOffset), \(info.byteLength) bytes",
                                   at: info.infoOffset)
            }
            tensors[i].offset = start
            if info.relativeOffset != expected { misplaced.append((info.name, info.relativeOffset, expected)) }
            expected = Self.alignUp(info.relativeOffset + info.byteLength, to: alignment)
        }
        if let first = misplaced.first {
            findings.add(.misplaced,
                         "\(misplaced.count) tensor(s) not laid out back to back in file order as ggml expects; first \"\(first.name)\" at data offset \(first.found), expected \(first.expected)",
                         location: first.name)
        }
        findOverlaps(tensors)
    }

    /// Notes every tensor whose bytes begin before an earlier-starting tensor's bytes end.
    private mutating func findOverlaps(_ tensors: [GGUFTensorInfo]) {
        let order = tensors.indices.filter { tensors[$0].byteLength > 0 }.sorted {
            (tensors[$0].offset, $0) < (tensors[$1].offset, $1)
        }
        var reach: (end: Int, index: Int)?
        for i in order {
            let info = tensors[i]
            if let (end, other) = reach, info.offset < end {
                findings.add(.overlap, "tensor \"\(info.name)\" overlaps the bytes of tensor \"\(tensors[other].name)\"",
                             in: file.path, at: info.offset)
            }
            if reach == nil || info.byteRange.upperBound > reach!.end { reach = (info.byteRange.upperBound, i) }
        }
    }
}
