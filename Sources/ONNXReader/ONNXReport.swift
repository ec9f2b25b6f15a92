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
        report.set(ONNXCheckerVerdict(text: checker.findings.checkerVerdict))
        report.set(section(model, graph: graph, leftOut: graph.inputs.count - fed.count, checker: checker))
        report.findings = checker.findings.all
        return report
    }

    static func valueInfo(_ value: ONNXValueInfo) -> ValueInfo {
        let (dtype, shape) = value.type?.dtypeAndShape ?? (nil, nil)
        return ValueInfo(name: value.name, dtype: dtype, shape: shape)
    }

    static func histogram(_ operators: [(name: String, count: Int)]) -> [ONNXSection.Operator] {
        operators.map { ONNXSection.Operator(name: $0.name, count: $0.count) }
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

    static func section(_ model: ONNXModel, graph: ONNXGraph, leftOut: Int, checker: ONNXChecker) -> ONNXSection {
        let file = checker.file
        var section = ONNXSection(initializerInputs: leftOut, trainingInfo: model.trainingInfo.count)
        section.domain = model.domain
        section.modelVersion = model.modelVersion
        if let doc = model.docString, !doc.isEmpty { section.docString = doc }
        for (role, values) in [("input", graph.inputs), ("output", graph.outputs)] {
            for value in values {
                guard let type = value.type else { continue }
                if case .tensor(let elem?, _) = type, ONNXDataType(code: elem)?.dtype != nil { continue }
                section.valueTypes.append(ONNXSection.ValueType(name: value.name, role: role, kind: type.caseName, type: type.text))
            }
        }
        section.sparseInitializers = graph.sparseInitializers.map { sparse($0, checker: checker) }
        section.subgraphs = checker.subgraphs
        section.subgraphsLeftOut = checker.subgraphsLeftOut
        section.functions = model.functions.map { function in
            ONNXSection.Function(domain: function.domain ?? "", name: function.name,
                                 inputs: function.inputs.map { $0.text(in: file) }, outputs: function.outputs.map { $0.text(in: file) },
                                 nodeCount: function.nodes.count, operators: histogram(function.operators.entries))
        }
        section.externalData = checker.externals.resolved.map { location, resolution in
            var size: Int?
            if case .file(_, let bytes) = resolution { size = bytes }
            let use = checker.externalUse[location] ?? (0, 0)
            return ONNXSection.ExternalFile(location: location, size: size, tensors: use.tensors, bytes: use.bytes)
        }
        return section
    }

    static func sparse(_ sparse: ONNXSparseTensor, checker: ONNXChecker) -> ONNXSection.SparseInitializer {
        func range(_ part: ONNXTensor?) -> ONNXSection.ByteRange? {
            guard let part, let info = tensorInfo(part, checker: checker) else { return nil }
            return ONNXSection.ByteRange(file: info.file, offset: info.offset, length: info.length)
        }
        return ONNXSection.SparseInitializer(name: sparse.values?.displayName ?? "", dtype: sparse.values?.knownType?.dtype,
                                             shape: sparse.dims, nnz: sparse.values?.dims.first,
                                             values: range(sparse.values), indices: range(sparse.indices))
    }
}
