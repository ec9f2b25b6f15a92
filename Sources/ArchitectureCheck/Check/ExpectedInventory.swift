import ModelArtifact

/// One tensor an architecture expects: a concrete name, shape and the dtypes allowed.
public struct ExpectedTensor: Sendable, Equatable {
    /// The full name (`model.layers.3.mlp.up_proj.weight`).
    public let name: String
    /// The shape in PyTorch order.
    public let shape: [Int64]
    /// The dtypes allowed.
    public let dtypes: [DType]
    /// The index of the rule it comes from in `ArchitectureSpec.rules`.
    public let rule: Int
    /// Its layer, for per-layer rules.
    public let layer: Int?
    /// True when it may be absent.
    public let optional: Bool

    /// Bytes of its data in the first dtype allowed, when that has a fixed size.
    public var byteLength: Int? {
        [Dimension](sizes: shape.map { Int($0) }).elementCount.flatMap { dtypes.first?.byteCount(elements: $0) }
    }
}

extension ArchitectureSpec {
    /// Every tensor a checkpoint with `naming` must hold, rule by rule and layer by layer.
    public func inventory(_ naming: TensorNaming) -> [ExpectedTensor] {
        var out: [ExpectedTensor] = []
        for (index, rule) in rules.enumerated() {
            guard let template = rule.template(naming), applies(rule) else { continue }
            let shape = rule.shape.map { $0.evaluate(values) ?? -1 }
            if let (prefix, suffix) = TensorRule.parts(template) {
                for layer in 0..<layerCount {
                    out.append(ExpectedTensor(name: prefix + String(layer) + suffix, shape: shape, dtypes: rule.dtypes,
                                              rule: index, layer: layer, optional: rule.optional))
                }
            } else {
                out.append(ExpectedTensor(name: template, shape: shape, dtypes: rule.dtypes, rule: index, layer: nil,
                                          optional: rule.optional))
            }
        }
        return out
    }

    /// False when the rule's `unless` flag is set for this architecture (`lm_head` of a tied model).
    func applies(_ rule: TensorRule) -> Bool {
        guard let flag = rule.unless else { return true }
        return flags[flag] != true
    }

    /// The name a person reads for rule `index` in a grouped message: the part after the layer
    /// (`self_attn.q_proj.weight`), or the whole name for tensors outside the layers.
    public func shortName(rule index: Int, _ naming: TensorNaming) -> String {
        let rule = rules[index]
        let template = rule.template(naming) ?? rule.name ?? rule.gguf ?? "?"
        return TensorComparison.afterLayer(template)
    }

    /// Bytes of the Hugging Face inventory (dtype size × elements), for comparing with a published total.
    public var inventoryBytes: Int? {
        var total = 0
        for tensor in inventory(.huggingFace) where !tensor.optional {
            guard let bytes = tensor.byteLength else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(bytes)
            guard !overflow else { return nil }
            total = sum
        }
        return total
    }
}
