import ModelArtifact

/// Recognises a checkpoint of the right family but another size ("this looks like llama-3.1-70b"),
/// from its config or, without one, from its tensors' shapes and layer numbers.
enum SizeHint {
    /// The checkpoint's values of the family's size keys: its config's where it states them, else
    /// read off tensors whose expected dimension is a bare size key (`[vocab_size, hidden_size]`).
    static func inferred(_ spec: ArchitectureSpec, _ view: CheckpointView) -> [String: Int64] {
        var values: [String: Int64] = [:]
        for (index, rule) in spec.rules.enumerated() where spec.applies(rule) {
            guard let template = rule.template(view.naming) else { continue }
            let name = TensorRule.expand(template, layer: 0)
            guard let shape = view.tensors[name]?.shape, shape.count == rule.shape.count else { continue }
            for (dim, size) in zip(spec.rules[index].shape, shape) {
                if case .variable(let key) = dim, spec.sizeKeys.contains(key), values[key] == nil { values[key] = size }
            }
        }
        let layerKey = "num_hidden_layers"
        if spec.sizeKeys.contains(layerKey) {
            let templates = Set(spec.rules.compactMap { $0.template(view.naming) }.filter { $0.contains(TensorRule.layerPlaceholder) })
            let layers = view.names.compactMap { LayerRanges.split($0) }.filter { templates.contains($0.pattern) }.map(\.layer)
            if let last = layers.max() { values[layerKey] = Int64(last) + 1 }
        }
        for key in spec.sizeKeys {
            if let n = view.config?[key]?.value.intValue { values[key] = n }
        }
        return values
    }

    /// The hint, when the checkpoint's size differs from `spec`'s; `registry` names architectures
    /// that have the size it looks like.
    static func finding(_ spec: ArchitectureSpec, _ view: CheckpointView, registry: ArchitectureRegistry) -> Finding? {
        guard sameLayout(spec, view) else { return nil }
        let found = inferred(spec, view)
        let own = spec.ownSize.values
        let differing = spec.sizeKeys.filter { key in found[key].map { $0 != own[key] } ?? false }
        guard !differing.isEmpty else { return nil }
        let registered = registry.all.filter { $0.family == spec.family && $0.id != spec.id }
        var candidates = spec.familySizes
        for other in registered where !candidates.contains(where: { $0.values == other.ownSize.values }) {
            candidates.append(other.ownSize)
        }
        let matches = candidates.filter { size in
            found.allSatisfy { key, value in size.values[key].map { $0 == value } ?? true }
        }
        let shown = spec.sizeKeys.filter { found[$0] != nil && (differing.contains($0) || $0 == "num_hidden_layers") }
        let values = shown.map { "\($0) \(found[$0]!)" }.joined(separator: ", ")
        guard !matches.isEmpty else {
            let ownValues = shown.compactMap { key in own[key].map { "\(key) \($0)" } }.joined(separator: ", ")
            return Finding(ArchitectureFindingCode.looksLike,
                "its \(values) match no known size of the \(spec.family) family (\(spec.id) has \(ownValues))",
                location: view.report.path)
        }
        let names = matches.map(\.name).joined(separator: " or ")
        let ids = registered.filter { other in matches.contains { $0.values == other.ownSize.values } }.map(\.id)
        let suggestion = ids.isEmpty ? "" : "; check it with " + ids.map { "--arch \($0)" }.joined(separator: " or ")
        return Finding(ArchitectureFindingCode.looksLike, "this looks like \(names) (\(values)), not \(spec.id)\(suggestion)",
                                           location: view.report.path)
    }

    /// True when the checkpoint's layers hold the tensors the family's layers hold (whatever their
    /// number and shapes), with at most one kind of tensor besides: only then is "another size" the
    /// likely story, rather than another family.
    static func sameLayout(_ spec: ArchitectureSpec, _ view: CheckpointView) -> Bool {
        var expected = Set<String>()
        var optional = Set<String>()
        for rule in spec.rules where spec.applies(rule) {
            guard let template = rule.template(view.naming), template.contains(TensorRule.layerPlaceholder) else { continue }
            if rule.optional { optional.insert(template) } else { expected.insert(template) }
        }
        let found = Set(view.names.compactMap { LayerRanges.split($0)?.pattern })
        return expected.isSubset(of: found) && found.subtracting(expected).subtracting(optional).count <= 1
    }
}
