/// The magic numbers and fixed layout facts by which formats are recognised, in one place for the
/// probe and the readers (sources: each format's specification, cited per member).
public enum FormatSignatures {
    /// ZIP local file header (`PK\x03\x04`, APPNOTE 4.3.7).
    public static let zipLocalHeader: [UInt8] = [0x50, 0x4b, 0x03, 0x04]
    /// ZIP end of central directory of an empty archive (`PK\x05\x06`).
    public static let zipEmptyArchive: [UInt8] = [0x50, 0x4b, 0x05, 0x06]
    /// GGUF magic (`GGUF`, ggml docs/gguf.md).
    public static let gguf: [UInt8] = Array("GGUF".utf8)
    /// Legacy GGML container magics as they lie on disk (little-endian u32s `ggml`, `ggmf`, `ggjt`,
    /// `ggla`, `ggsn`; llama.cpp's legacy loaders), with the name of each.
    public static let ggmlLegacy: [(bytes: [UInt8], name: String)] = [
        (Array("lmgg".utf8), "ggml (unversioned)"),
        (Array("fmgg".utf8), "ggmf"),
        (Array("tjgg".utf8), "ggjt"),
        (Array("algg".utf8), "ggla (LoRA adapter)"),
        (Array("nsgg".utf8), "ggsn"),
    ]
    /// TFLite FlatBuffer file identifier at offset 4 (`TFL3`, schema.fbs `file_identifier`).
    public static let tflite: [UInt8] = Array("TFL3".utf8)
    /// SyNAP executable binary graph (`EBGX`, Synaptics runtime).
    public static let ebg: [UInt8] = Array("EBGX".utf8)
    /// Legacy SyNAP/VIP network binary graph (`VPMN`).
    public static let nbg: [UInt8] = Array("VPMN".utf8)
    /// NumPy `.npy` magic (`\x93NUMPY`, numpy format docs).
    public static let npy: [UInt8] = [0x93] + Array("NUMPY".utf8)
    /// The magic number a legacy `torch.save` file pickles first: `0x1950a86a20f9469cfc6c`
    /// (PyTorch serialization.py `MAGIC_NUMBER`), as the little-endian bytes of a LONG1 argument.
    public static let torchLegacyMagic: [UInt8] = [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]
    /// The protocol version a legacy `torch.save` file pickles second (`PROTOCOL_VERSION`).
    public static let torchLegacyProtocol = 1001
    /// The largest safetensors header the reference implementation accepts.
    public static let safetensorsMaxHeader = 100_000_000

    /// ONNX `ModelProto` top-level fields (onnx.proto3), with their protobuf wire types.
    public enum ONNXModelField: UInt64, CaseIterable, Sendable {
        case irVersion = 1, producerName = 2, producerVersion = 3, domain = 4, modelVersion = 5
        case docString = 6, graph = 7, opsetImport = 8, metadataProps = 14, trainingInfo = 20
        case functions = 25, configuration = 26

        /// The wire type the field is encoded with (0 varint, 2 length-delimited).
        public var wireType: UInt64 {
            switch self {
            case .irVersion, .modelVersion: return 0
            default: return 2
            }
        }
    }

    /// The newest ONNX IR version known (onnx.proto3 `Version`, IR_VERSION = 11 in ONNX 1.18+).
    public static let onnxNewestIRVersion: Int64 = 12
}

extension UnsafeRawBufferPointer {
    /// True when the bytes at `offset` equal `magic`.
    public func has(_ magic: [UInt8], at offset: Int = 0) -> Bool {
        guard offset >= 0, offset + magic.count <= count else { return false }
        for (i, byte) in magic.enumerated() where self[offset + i] != byte { return false }
        return true
    }
}
