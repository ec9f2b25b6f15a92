import ModelArtifact

/// Turns a parsed model and its checker run into the `synap-tool.report/1` report: the main
/// graph in `graphs`, its initializers in `tensors`, `checker`, and an `onnx` section with what
/// the common members have no place for.
enum ONNXReport {
    static func build(_ model: ONNXModel, file: MappedFile) throws -> ModelReport {
        var checker = ONNXChecker(model: model, file: file)
        try checker.run()
        var report = ModelReport(path: file.path, format: .onnx, size: file.size)
        report.formatVersion = String(model.irVersion ?? 0)
        report.producer = (model.producerName, model.producerVersion)
        report.opsets = model.opsets.map { ($0.domain, $0.version) }
        let graph = model.graph ?? ONNXGraph(offset: 0)
        var initializerNames = ONNXNameSet(file)
        for tensor in graph.initializers where tensor.name != nil { initializerNames.insert(tensor.nameRange) }
        for sparse in graph.sparseInitializers where sparse.values?.name != nil { initializerNames.insert(sparse.values!.nameRange) }
        let fed = graph.inputs.filter { !initializerNames.contains($0.nameRange) }
        report.graphs = [GraphSummary(name: graph.name, inputs: fed.map(valueInfo), outputs: graph.outputs.map(valueInfo),
                                      operators: checker.operators, nodeCount: graph.nodes.count)]
        var tensors: [TensorInfo] = []
        tensors.reserveCapacity(graph.initializers.count)
        for tensor in graph.initializers { if let info = tensorInfo(tensor, checker: checker) { tensors.append(info) } }
        report.tensors = tensors
        if !model.metadata.isEmpty {
            var metadata = JSONObject()
            for entry in model.metadata { metadata[entry.key ?? ""] = .string(entry.value ?? "") }
            report.metadata = metadata
        }
        report.sections["checker"] = .string(checker.findings.checkerVerdict)
        report.sections["onnx"] = .object(section(model, graph: graph, leftOut: graph.inputs.count - fed.count, checker: checker))
        report.findings = checker.findings.all
        return report
    }

    static func valueInfo(_ value: ONNXValueInfo) -> ValueInfo {
        let (dtype, shape) = value.type?.dtypeAndShape ?? (nil, nil)
        return ValueInfo(name: value.name, dtype: dtype, shape: shape)
    }

    static func histogramJSON(_ operators: [(name: String, count: Int)]) -> JSONValue {
        var object = JSONObject()
        for (name, count) in operators { object.append(name, .int(Int64(count))) }
        return .object(object)
    }

    /// An initializer as a report tensor: where its bytes lie (raw_data, the typed field, or the
    /// external file); nil when its data type is not one the report can name.
    static func tensorInfo(_ tensor: ONNXTensor, checker: ONNXChecker) -> TensorInfo? {
        guard let dtype = tensor.knownType?.dtype else { return nil }
        var info = TensorInfo(name: tensor.displayName, dtype: dtype, shape: tensor.dims.map { .size($0) })
        if tensor.isExternal {
            let location = tensor.external(.location) ?? ""
            info.file = location
            let range = checker.externalRange(tensor)
            info.offset = range.offset
            if let length = range.length {
                info.length = length
            } else if let start = range.offset, case .file(_, let size)? = checker.externals.resolution(of: location) {
                info.length = max(size - start, 0)
            }
            if let checksum = tensor.external(.checksum) { info.extra.append("checksum", .string(checksum)) }
        } else if let field = tensor.fields[.rawData] ?? tensor.filledFields.first.flatMap({ tensor.fields[$0] }),
                  let range = field.range {
            info.offset = range.lowerBound
            info.length = range.count
        }
        return info
    }

    static func section(_ model: ONNXModel, graph: ONNXGraph, leftOut: Int, checker: ONNXChecker) -> JSONObject {
        let file = checker.file
        var o = JSONObject()
        if !model.domain.isEmpty { o.append("domain", .string(model.domain)) }
        if let version = model.modelVersion { o.append("model_version", .int(version)) }
        if let doc = model.docString, !doc.isEmpty { o.append("doc_string", .string(doc)) }
        o.append("initializer_inputs", .int(Int64(leftOut)))
        var types: [JSONValue] = []
        for (role, values) in [("input", graph.inputs), ("output", graph.outputs)] {
            for value in values {
                guard let type = value.type else { continue }
                if case .tensor(let elem?, _) = type, ONNXDataType(code: elem)?.dtype != nil { continue }
                types.append(.object(["name": .string(value.name), "role": .string(role), "kind": .string(type.caseName),
                                      "type": .string(type.text)]))
            }
        }
        if !types.isEmpty { o.append("value_types", .array(types)) }
        if !graph.sparseInitializers.isEmpty {
            o.append("sparse_initializers", .array(graph.sparseInitializers.map { sparseJSON($0, checker: checker) }))
        }
        if !checker.subgraphs.isEmpty { o.append("subgraphs", .array(checker.subgraphs)) }
        if checker.subgraphsLeftOut > 0 { o.append("subgraphs_left_out", .int(Int64(checker.subgraphsLeftOut))) }
        if !model.functions.isEmpty {
            o.append("functions", .array(model.functions.map { function in
                .object(["domain": .string(function.domain ?? ""), "name": .string(function.name),
                         "inputs": .array(function.inputs.map { .string($0.text(in: file)) }),
                         "outputs": .array(function.outputs.map { .string($0.text(in: file)) }),
                         "node_count": .int(Int64(function.nodes.count)), "operators": histogramJSON(function.operators.entries)])
            }))
        }
        o.append("training_info", .int(Int64(model.trainingInfo.count)))
        let external = checker.externals.resolved
        if !external.isEmpty {
            o.append("external_data", .array(external.map { location, resolution in
                var entry: JSONObject = ["location": .string(location)]
                if case .file(_, let size) = resolution {
                    entry.append("size", .int(Int64(size)))
                } else {
                    entry.append("size", .null)
                }
                let use = checker.externalUse[location] ?? (0, 0)
                entry.append("tensors", .int(Int64(use.tensors)))
                entry.append("bytes", .int(Int64(use.bytes)))
                return .object(entry)
            }))
        }
        return o
    }

    static func sparseJSON(_ sparse: ONNXSparseTensor, checker: ONNXChecker) -> JSONValue {
        var o = JSONObject()
        o.append("name", .string(sparse.values?.displayName ?? ""))
        o.append("dtype", sparse.values?.knownType?.dtype.map { .string($0.name) } ?? .null)
        o.append("shape", .array(sparse.dims.map { .int($0) }))
        o.append("nnz", sparse.values?.dims.first.map { .int($0) } ?? .null)
        for (key, part) in [("values", sparse.values), ("indices", sparse.indices)] {
            guard let part, let info = tensorInfo(part, checker: checker) else { continue }
            var range = JSONObject()
            if let file = info.file { range.append("file", .string(file)) }
            if let offset = info.offset { range.append("offset", .int(Int64(offset))) }
            if let length = info.length { range.append("length", .int(Int64(length))) }
            o.append(key, .object(range))
        }
        return .object(o)
    }
}
