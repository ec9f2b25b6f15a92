import ModelArtifact

/// Compares a checkpoint's tensors with an architecture's inventory and words every difference,
/// grouped so that one cause reads as one line: "layers 0–35: mlp.router.bias missing".
struct TensorComparison {
    /// Most findings of unexpected tensors before the rest are counted in one line.
    static let maxUnexpectedFindings = 50

    /// Expected tensors present with the right shape and dtype.
    private(set) var matched = 0
    /// Expected tensors that count (required ones, and optional ones that are present).
    private(set) var expectedCount = 0
    /// Tensors the architecture does not have.
    private(set) var unexpectedCount = 0
    /// The differences, worded.
    private(set) var findings: [Finding] = []

    private let spec: ArchitectureSpec
    private let view: CheckpointView

    init(spec: ArchitectureSpec, view: CheckpointView, expected: [ExpectedTensor]) {
        self.spec = spec
        self.view = view
        var missing: [ExpectedTensor] = []
        var shapes = Groups()
        var dtypes = Groups()
        var used = Set<String>()
        for tensor in expected {
            guard let found = view.tensors[tensor.name] else {
                if !tensor.optional { missing.append(tensor); expectedCount += 1 }
                continue
            }
            used.insert(tensor.name)
            expectedCount += 1
            var ok = true
            if found.shape != tensor.shape {
                ok = false
                shapes.add(tensor, found: found, detail: Self.shapeText(found.shape, expected: tensor.shape))
            }
            if view.naming == .huggingFace && !tensor.dtypes.contains(found.dtype) {
                ok = false
                let allowed = tensor.dtypes.map(\.name).joined(separator: " or ")
                dtypes.add(tensor, found: found, detail: "dtype \(found.dtype.name), expected \(allowed)")
            }
            if ok { matched += 1 }
        }
        reportMissing(missing, expected: expected)
        findings += shapes.findings(.shapeMismatch, spec: spec, view: view)
        findings += dtypes.findings(.dtypeMismatch, spec: spec, view: view)
        reportUnexpected(view.names.filter { !used.contains($0) })
    }

    /// `shape [14336, 4096], expected [4096, 14336] (transposed)`; also says when two dimensions of a
    /// larger shape are swapped, or all are in reverse order (GGUF's `ne` order taken for PyTorch's).
    static func shapeText(_ found: [Int64]?, expected: [Int64]) -> String {
        let foundText = found.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" } ?? "not fully known"
        let expectedText = "[" + expected.map(String.init).joined(separator: ", ") + "]"
        return "shape \(foundText), expected \(expectedText)" + (found.map { rearrangement($0, expected) } ?? "")
    }

    /// ` (transposed)`, ` (dimensions 1 and 2 swapped)`, ` (in reverse order)`, or nothing.
    static func rearrangement(_ found: [Int64], _ expected: [Int64]) -> String {
        guard found.count == expected.count, found != expected else { return "" }
        if found.reversed() == expected { return found.count == 2 ? " (transposed)" : " (in reverse order)" }
        let differ = found.indices.filter { found[$0] != expected[$0] }
        guard differ.count == 2, found[differ[0]] == expected[differ[1]], found[differ[1]] == expected[differ[0]] else { return "" }
        return " (dimensions \(differ[0]) and \(differ[1]) swapped)"
    }

    private mutating func reportMissing(_ missing: [ExpectedTensor], expected: [ExpectedTensor]) {
        guard !missing.isEmpty else { return }
        let perLayerRules = Set(expected.filter { $0.layer != nil && !$0.optional }.map(\.rule))
        var byLayer: [Int: Set<Int>] = [:]
        for tensor in missing { if let layer = tensor.layer { byLayer[layer, default: []].insert(tensor.rule) } }
        let wholeLayers = Set(byLayer.filter { $0.value == perLayerRules }.keys)
        if !wholeLayers.isEmpty {
            findings.append(Finding(ArchitectureFindingCode.missingTensors,
                "\(LayerRanges.describe(wholeLayers)) missing entirely (\(perLayerRules.count) tensors\(wholeLayers.count == 1 ? "" : " each"))",
                location: view.report.path))
        }
        var groups = Groups()
        var tied: [Finding] = []
        for tensor in missing where !(tensor.layer.map(wholeLayers.contains) ?? false) {
            if let flag = spec.rules[tensor.rule].unless {
                tied.append(tiedFinding(tensor, flag: flag))
            } else {
                groups.add(tensor, found: nil, detail: "missing")
            }
        }
        findings += groups.findings(.missingTensors, spec: spec, view: view) + tied
    }

    /// The finding for a tensor a tied export leaves out (`lm_head.weight`).
    private func tiedFinding(_ tensor: ExpectedTensor, flag: String) -> Finding {
        if case .bool(true)? = view.config?[flag]?.value {
            return Finding(ArchitectureFindingCode.tiedEmbeddings,
                "\(tensor.name) missing: the checkpoint sets \(flag) true, so its output layer is the embedding matrix; \(spec.id) has its own \(tensor.name)",
                location: view.report.path)
        }
        return Finding(ArchitectureFindingCode.missingTensors,
            "\(tensor.name) missing (an export that ties the output layer to the embeddings leaves it out; \(spec.id) does not tie them)",
            location: view.report.path)
    }

    private mutating func reportUnexpected(_ names: [String]) {
        unexpectedCount = names.count
        guard !names.isEmpty else { return }
        let layerTemplates = Set(spec.rules.compactMap { $0.template(view.naming) }.filter { $0.contains(TensorRule.layerPlaceholder) })
        var beyond: [Int] = []
        var beyondCount = 0
        var beyondFile: String?
        var patterns: [(pattern: String, layers: [Int], file: String?)] = []
        var patternIndex: [String: Int] = [:]
        var loose: [String] = []
        for name in names {
            let file = view.tensors[name]?.file
            guard let (layer, pattern) = LayerRanges.split(name) else { loose.append(name); continue }
            if layer >= spec.layerCount && layerTemplates.contains(pattern) {
                beyond.append(layer)
                beyondCount += 1
                beyondFile = beyondFile ?? file
                continue
            }
            if let i = patternIndex[pattern] {
                patterns[i].layers.append(layer)
            } else {
                patternIndex[pattern] = patterns.count
                patterns.append((pattern, [layer], file))
            }
        }
        var lines: [(String, String?)] = []
        if !beyond.isEmpty {
            lines.append(("\(LayerRanges.describe(beyond)): beyond the \(spec.layerCount) layers of \(spec.id) (\(beyondCount) tensors)", beyondFile))
        }
        for (pattern, layers, file) in patterns {
            lines.append(("\(LayerRanges.describe(layers)): \(Self.afterLayer(pattern)) unexpected", file))
        }
        for name in loose { lines.append(("\(name) unexpected", view.tensors[name]?.file)) }
        for (message, file) in lines.prefix(Self.maxUnexpectedFindings) {
            findings.append(Finding(ArchitectureFindingCode.unexpectedTensors, message, location: view.location(file)))
        }
        if lines.count > Self.maxUnexpectedFindings {
            findings.append(Finding(ArchitectureFindingCode.unexpectedTensors,
                "… and \(lines.count - Self.maxUnexpectedFindings) more groups of unexpected tensors", location: view.report.path))
        }
    }

    /// The part of a `{layer}` pattern after the layer (`mlp.extra.weight`).
    static func afterLayer(_ pattern: String) -> String {
        guard let (_, after) = TensorRule.parts(pattern), !after.isEmpty else { return pattern }
        return String(after.hasPrefix(".") ? after.dropFirst() : after)
    }
}

/// Differences of one kind, grouped by rule and wording, each group's layers collected.
private struct Groups {
    private var order: [String] = []
    private var groups: [String: (rule: Int, detail: String, layers: [Int], name: String?, file: String?)] = [:]

    mutating func add(_ tensor: ExpectedTensor, found: CheckpointView.Found?, detail: String) {
        let key = "\(tensor.rule)\u{0}\(detail)\u{0}\(tensor.layer == nil ? tensor.name : "")"
        if groups[key] == nil {
            order.append(key)
            groups[key] = (tensor.rule, detail, [], tensor.layer == nil ? tensor.name : nil, found?.file)
        }
        if let layer = tensor.layer { groups[key]?.layers.append(layer) }
    }

    func findings(_ code: ArchitectureFindingCode, spec: ArchitectureSpec, view: CheckpointView) -> [Finding] {
        order.compactMap { groups[$0] }.map { group in
            let subject = group.name ?? "\(LayerRanges.describe(group.layers)): \(spec.shortName(rule: group.rule, view.naming))"
            return Finding(code, "\(subject) \(group.detail)", location: view.location(group.file))
        }
    }
}
