import ModelArtifact

/// PyTorch → safetensors: reads the file inertly, streams each tensor (views materialised in
/// row-major order, one copy per name) into a temporary file renamed into place, then proves the
/// result by reading it back (`SafetensorsWriter`).
public enum PyTorchConversion {
    /// Converts `input` to safetensors at `output`.
    public static func toSafetensors(_ input: String, output: String, options: PyTorchSource.Options = .init(),
                                     writing: WriteOptions = WriteOptions()) throws -> ConversionResult {
        try AtomicOutput.refuseOverwrite(output, inputs: [input])
        let source = try PyTorchSource(path: input, options: options)
        return try SafetensorsWriter.write(source.tensors, metadata: source.metadata(key: options.key), to: output,
                                           inputs: [input], options: writing)
    }
}
