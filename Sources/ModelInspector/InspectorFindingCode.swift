import ModelArtifact

/// The façade's finding codes, each meaning fixed: checkpoint folders (`CKPT`), formats recognised
/// but not read (`INSPECT`), and files a folder scan leaves out (`SCAN`).
public enum InspectorFindingCode: String, FindingCode {
    case shardMissing = "CKPT001"
    case tensorNotInShard = "CKPT002"
    case tensorNotIndexed = "CKPT003"
    case tensorInOtherShard = "CKPT004"
    case tensorInTwoShards = "CKPT005"
    case totalSizeMismatch = "CKPT006"
    case shardPathLeaves = "CKPT007"
    case noIndex = "CKPT008"
    case noConfig = "CKPT009"
    case shardNotTorch = "CKPT010"
    case linkLeaves = "CKPT011"
    case notRead = "INSPECT001"
    case scanLinkLeaves = "SCAN001"
    case scanNotRegular = "SCAN002"
    case scanLinkNowhere = "SCAN003"

    public var meaning: FindingMeaning {
        switch self {
        case .shardMissing: return .init(.error, "Shard missing", "The index names a shard file that is not in the folder.")
        case .tensorNotInShard:
            return .init(.error, "Tensor not in its indexed shard", "The index maps a tensor to a shard that does not hold it.")
        case .tensorNotIndexed: return .init(.error, "Tensor not in the index", "A shard holds a tensor the index does not list.")
        case .tensorInOtherShard:
            return .init(.error, "Tensor in another shard than indexed",
                         "The index maps a tensor to one shard, but another shard holds it.")
        case .tensorInTwoShards: return .init(.error, "Tensor in two shards", "The same tensor name is in more than one shard.")
        case .totalSizeMismatch:
            return .init(.warning, "Index total_size differs", "The index's `metadata.total_size` is not the tensors' byte total.")
        case .shardPathLeaves:
            return .init(.error, "Shard path leaves the folder", "The index names a shard by a path that leaves the folder.")
        case .noIndex:
            return .init(.warning, "Several weight files, no index",
                         "Several weight files (safetensors, or `pytorch_model*.bin` shards when there are none) and no index to say which belong together.")
        case .noConfig: return .init(.warning, "No config.json", "No `config.json`: the architecture cannot be checked.")
        case .shardNotTorch:
            return .init(.info, "Shard not a torch file",
                         "A `pytorch_model*.bin` shard that is neither a torch.save archive nor a legacy file, so not read (its pickles are still judged).")
        case .linkLeaves:
            return .init(.error, "Symbolic link out of the folder",
                         "A shard, the index or `config.json` is a symbolic link that leads out of the folder (and out of the Hugging Face cache repository's `blobs/`), so not read.")
        case .notRead:
            return .init(.info, "Format recognised, not read",
                         "A format this version recognises but whose structure it does not read (legacy GGML containers: convert to GGUF to inspect tensors).")
        case .scanLinkLeaves:
            return .init(.warning, "Symbolic link out of the scanned folder",
                         "A file below a scanned folder is a symbolic link (or is reached through one) whose target leaves the folder; not followed.")
        case .scanNotRegular:
            return .init(.info, "Not a regular file", "Something below a scanned folder that is not a regular file (a FIFO, a socket, a device); not read.")
        case .scanLinkNowhere:
            return .init(.info, "Link that leads nowhere", "A symbolic link below a scanned folder that leads nowhere; not read.")
        }
    }
}
