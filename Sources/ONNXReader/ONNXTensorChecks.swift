import ModelArtifact

/// onnx checker's `check_tensor` and `check_sparse_tensor`, plus what it leaves out: data sizes
/// against dims × data type, and external ranges against the external file.
extension ONNXChecker {
    mutating func checkTensor(_ tensor: ONNXTensor, _ scope: Scope) {
        let name = tensor.displayName
        let offset = tensor.offset
        func add(_ code: ONNXFindingCode, _ message: @autoclosure () -> String, _ checker: @autoclosure () -> String? = nil) {
            findings.add(code, message(), checker: checker(), context: scope.context, location: at(offset))
        }
        guard let code = tensor.dataType else {
            return add(.undefinedDataType, "tensor \"\(name)\" has no data_type", "Field 'data_type' of 'tensor' is required but missing.")
        }
        guard code != 0 else {
            return add(.undefinedDataType, "tensor \"\(name)\" has data_type UNDEFINED",
                       "setting data_type field (tensor name: \(name)) to UNDEFINED is not allowed")
        }
        let type = ONNXDataType(code: code)
        let filled = tensor.filledFields
        if tensor.isExternal {
            if let last = filled.last {
                add(.dataInTwoPlaces, "tensor \"\(name)\" is stored externally and also holds \(last.protoName)",
                    "Data of TensorProto ( tensor name: \(name)) is stored externally and should not have data field.\(last.protoName)")
            }
            checkExternal(tensor, type: type, scope)
            return
        }
        var elements: Int64 = 1
        for dim in tensor.dims { elements = elements &* dim }
        if elements == 0 && !filled.isEmpty {
            add(.dataInWrongField, "tensor \"\(name)\" has no elements but holds data",
                "TensorProto (tensor name: \(name)) is 0-element but contains data!")
        }
        if elements != 0 && filled.count != 1 {
            let checker = "TensorProto (tensor name: \(name)) should contain one and only one value field."
            if filled.isEmpty {
                add(.dataInWrongField, "tensor \"\(name)\" has \(elements) elements but no data", checker)
            } else {
                add(.dataInTwoPlaces, "tensor \"\(name)\" holds data in \(filled.map(\.protoName).joined(separator: " and "))", checker)
            }
        }
        if filled.contains(.rawData) {
            if type == .string {
                add(.stringInRawData, "STRING tensor \"\(name)\" stores its strings in raw_data",
                    "STRING data (tensor name: \(name)) should not be stored in raw_data field")
            } else if type == nil {
                add(.undefinedDataType, "tensor \"\(name)\" has data_type \(code), which ONNX does not define")
            }
            if filled.count == 1 { checkSize(tensor, type: type, field: .rawData, scope) }
            return
        }
        guard let type, let expected = type.typedField else {
            return add(.undefinedDataType, "tensor \"\(name)\" has data_type \(code), which ONNX does not define",
                       "Unrecognized data_type (tensor name: \(name)): \(code)")
        }
        if elements != 0, let last = filled.last, !filled.contains(expected) {
            add(.dataInWrongField, "tensor \"\(name)\" of type \(type.typeName) holds its values in \(last.protoName), not \(expected.protoName)",
                "values of data_type '\(code)' should be stored in field '\(expected.protoName)' instead of '\(last.protoName)'")
        } else if filled == [expected] {
            checkSize(tensor, type: type, field: expected, scope)
        }
    }

    /// ONNX010 when the values in `field` are not as many as dims × data type need.
    mutating func checkSize(_ tensor: ONNXTensor, type: ONNXDataType?, field: ONNXSchema.Tensor, _ scope: Scope) {
        guard let type, let elements = tensor.elementCount, let held = tensor.fields[field]?.entries else { return }
        let needed: Int?
        if field == .rawData {
            needed = type.dtype?.byteCount(elements: elements)
        } else {
            needed = type.typedEntries(elements: elements)
        }
        guard let needed, needed != held else { return }
        let unit = field == .rawData ? "bytes" : "values"
        findings.add(.dataSize,
                     "tensor \"\(tensor.displayName)\" holds \(held) \(unit) in \(field.protoName); dims \(tensor.dims) of \(type.typeName) need \(needed)",
                     context: scope.context, location: at(tensor.offset))
    }

    mutating func checkExternal(_ tensor: ONNXTensor, type: ONNXDataType?, _ scope: Scope) {
        let name = tensor.displayName
        let offset = tensor.offset
        func add(_ code: ONNXFindingCode, _ message: @autoclosure () -> String, _ checker: @autoclosure () -> String? = nil) {
            findings.add(code, message(), checker: checker(), context: scope.context, location: at(offset))
        }
        let locations = tensor.externalData.filter { $0.key == ONNXSchema.ExternalDataKey.location.rawValue && $0.value != nil }
        guard !locations.isEmpty else {
            return add(.externalLocation, "tensor \"\(name)\" is stored externally but names no location",
                       "TensorProto ( tensor name: \(name)) is stored externally but doesn't have a location.")
        }
        var fileSize: Int?
        var usedLocation = ""
        for entry in locations {
            let where_ = entry.value ?? ""
            usedLocation = where_
            switch externals.resolve(where_) {
            case .file(_, let size):
                fileSize = size
            case .empty:
                add(.externalLocation, "tensor \"\(name)\" has an empty external-data location",
                    "Location of external TensorProto ( tensor name: \(name)) should not be empty.")
            case .absolute:
                add(.externalLocation, "tensor \"\(name)\" has an absolute external-data location \"\(where_)\"",
                    "Location of external TensorProto ( tensor name: \(name)) should be a relative path, but it is an absolute path: \(where_)")
            case .outside:
                add(.externalLocation, "tensor \"\(name)\" has external-data location \"\(where_)\", which leads out of the model's folder",
                    "Data of TensorProto ( tensor name: \(name)) should be file inside the \(externals.baseDir), but the '\(where_)' points outside the directory")
            case .missing(let path):
                add(.externalFileMissing, "tensor \"\(name)\" has its data in \"\(where_)\", which does not exist",
                    "Data of TensorProto ( tensor name: \(name)) should be stored in \(path), but it doesn't exist or is not accessible.")
            case .notRegular(let path):
                add(.externalLocation, "tensor \"\(name)\" has its data in \"\(where_)\", which is not a regular file",
                    "Data of TensorProto ( tensor name: \(name)) should be stored in \(path), but it is not regular file.")
            case .symlinkOut(_, let target):
                add(.externalLocation, "tensor \"\(name)\" has its data in \"\(where_)\", a symbolic link out of the model's folder to \(target)")
            }
        }
        let range = externalRange(tensor)
        guard let start = range.offset else {
            return add(.externalRange, "tensor \"\(name)\" has an external-data offset that is not a number")
        }
        guard range.lengthValid else {
            return add(.externalRange, "tensor \"\(name)\" has an external-data length that is not a number")
        }
        var use = externalUse[usedLocation] ?? (0, 0)
        use.tensors += 1
        if let size = fileSize {
            let length = range.length ?? max(size - start, 0)
            // Saturating: lengths are the file's claims, up to Int.max each.
            let (total, overflowed) = use.bytes.addingReportingOverflow(length)
            use.bytes = overflowed ? Int.max : total
            let (end, overflow) = start.addingReportingOverflow(length)
            if overflow || end > size {
                add(.externalRange, "tensor \"\(name)\" claims bytes \(start)..<\(overflow ? Int.max : end) of \"\(usedLocation)\", which has \(size)")
            } else if let type, let elements = tensor.elementCount, let needed = type.dtype?.byteCount(elements: elements),
                      needed != length {
                add(.dataSize, "tensor \"\(name)\" has \(length) external bytes; dims \(tensor.dims) of \(type.typeName) need \(needed)")
            }
        }
        externalUse[usedLocation] = use
    }

    /// The external `offset` (0 when absent; nil when not a number) and `length` (nil when absent).
    func externalRange(_ tensor: ONNXTensor) -> (offset: Int?, length: Int?, lengthValid: Bool) {
        var offset: Int? = 0
        if let text = tensor.external(.offset) { offset = ONNXExternalFiles.integer(text) }
        guard let lengthText = tensor.external(.length) else { return (offset, nil, true) }
        let length = ONNXExternalFiles.integer(lengthText)
        return (offset, length, length != nil)
    }

    mutating func checkSparseTensor(_ sparse: ONNXSparseTensor, _ scope: Scope) {
        let offset = sparse.offset
        func add(_ message: @autoclosure () -> String, _ checker: @autoclosure () -> String) {
            findings.add(.sparseTensor, message(), checker: checker(), context: scope.context, location: at(offset))
        }
        guard let values = sparse.values else {
            return add("a sparse tensor has no values", "Field 'values' of 'sparse_tensor_proto' is required but missing.")
        }
        checkTensor(values, scope)
        let name = values.displayName
        guard values.dims.count == 1 else {
            return add("sparse tensor \"\(name)\" has values of rank \(values.dims.count), not 1",
                       "Sparse tensor values (\(name)) must have rank 1.")
        }
        let nnz = values.dims[0]
        guard !sparse.dims.isEmpty else {
            return add("sparse tensor \"\(name)\" has no dims", "Sparse tensor (\(name)) must have a dense-rank > 0")
        }
        guard sparse.dims.allSatisfy({ $0 > 0 }) else {
            return add("sparse tensor \"\(name)\" has dims \(sparse.dims) that are not all positive",
                       "Sparse tensor (\(name)) dimensions are not positive.")
        }
        guard let indices = sparse.indices else {
            if nnz != 0 { add("sparse tensor \"\(name)\" has \(nnz) values but no indices", "Sparse tensor (\(name)) has no index values.") }
            return
        }
        checkTensor(indices, scope)
        let indexName = indices.displayName
        guard indices.dataType == Int64(ONNXDataType.int64.rawValue) else {
            return add("sparse tensor \"\(name)\" has indices that are not INT64", "Sparse tensor indices (\(indexName)) must have INT64 type.")
        }
        switch indices.dims.count {
        case 1:
            if indices.dims[0] != nnz {
                add("sparse tensor \"\(name)\" has \(indices.dims[0]) indices for \(nnz) values",
                    "Sparse tensor indices (\(indexName)) has \(indices.dims[0]) values, but NNZ is \(nnz)")
            }
        case 2:
            if indices.dims[0] != nnz {
                add("sparse tensor \"\(name)\" has \(indices.dims[0]) index rows for \(nnz) values",
                    "Sparse tensor indices (\(indexName)) first dimension size does not equal NNZ.")
            } else if indices.dims[1] != Int64(sparse.dims.count) {
                add("sparse tensor \"\(name)\" has index rows of \(indices.dims[1]) for rank \(sparse.dims.count)",
                    "Sparse tensor indices (\(indexName)) second dimension size does not match rank of tensor.")
            }
        default:
            add("sparse tensor \"\(name)\" has indices of rank \(indices.dims.count)",
                "Sparse tensor indices (\(indexName)) must have rank 1 or 2.")
        }
    }
}
