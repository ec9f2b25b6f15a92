import ModelArtifact

/// Recognises a Hugging Face checkpoint folder by its layout: `config.json` beside
/// `*.safetensors` (or `pytorch_model*.bin`) weights, with or without a shard index.
enum FolderProbe {
    /// Index files Hugging Face writes beside sharded weights.
    static let indexNames = ["model.safetensors.index.json", "pytorch_model.bin.index.json"]

    static func detect(folder path: String) throws -> Detection {
        detect(names: try FolderListing.names(path))
    }

    /// Detects a folder from the names of its entries.
    static func detect(names: [String]) -> Detection {
        let hasConfig = names.contains("config.json")
        let index = indexNames.first { names.contains($0) }
        let safetensors = names.filter { $0.hasSuffix(".safetensors") }
        let torchBins = names.filter { $0.hasPrefix("pytorch_model") && $0.hasSuffix(".bin") }
        let weights = safetensors.isEmpty ? torchBins : safetensors
        let weightWord = safetensors.isEmpty ? "PyTorch .bin" : "safetensors"
        var parts: [String] = []
        if hasConfig { parts.append("config.json") }
        if let index { parts.append(index) }
        if !weights.isEmpty { parts.append("\(weights.count) \(weightWord) file\(weights.count == 1 ? "" : "s")") }
        let found = parts.joined(separator: ", ")
        switch (hasConfig, index != nil, !weights.isEmpty) {
        case (true, _, true):
            return Detection(.hfCheckpoint, .certain, "folder with \(found): a Hugging Face checkpoint")
        case (true, true, false):
            return Detection(.hfCheckpoint, .high, "folder with \(found) but no weight files: a Hugging Face checkpoint missing its shards")
        case (false, _, true), (false, true, false):
            return Detection(.hfCheckpoint, .low, "folder with \(found) but no config.json")
        default:
            return .unknown(hasConfig ? "folder with config.json but no weights" : "a folder with no checkpoint files")
        }
    }
}
