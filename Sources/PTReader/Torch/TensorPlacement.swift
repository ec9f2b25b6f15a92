import ModelArtifact

/// Where one tensor's elements lie in the file, for a reader that copies them out (a converter):
/// the tensor's first element and its strides, inside the bytes of the storage it views. Only
/// tensors whose storage bytes are in the file uncompressed have one, contiguous or not.
public struct TensorPlacement: Sendable, Equatable {
    /// The tensor's name, as in the report.
    public var name: String
    /// Element type.
    public var dtype: DType
    /// Sizes.
    public var shape: [Int]
    /// Strides in elements; nil for a contiguous tensor.
    public var strides: [Int]?
    /// Bytes per element.
    public var elementSize: Int
    /// Absolute offset of the first element (the storage's start plus the view's offset).
    public var firstByte: Int
    /// The absolute byte range of the storage the tensor views: every element lies inside it.
    public var storage: Range<Int>
    /// The storage's key, shared by every tensor that views it.
    public var storageKey: String
}

/// Receives the placements of the tensors a reader lays out (`PTReader.locate`).
final class TensorPlacements {
    var all: [TensorPlacement] = []
}
