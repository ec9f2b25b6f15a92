import ModelArtifact

/// PyTorch → safetensors: reads the file inertly, streams each tensor (views materialised in
/// row-major order, one copy per name) into a temporary file renamed into place, then proves the
/// result by reading it back.
public enum PyTorchConversion {
    /// Converts `input` to safetensors at `output`; `progress` receives bytes written so far.
    public static func toSafetensors(_ input: String, output: String, options: PyTorchSource.Options = .init(),
                                     progress: ((Int) -> Void)? = nil) throws -> ConversionResult {
        try AtomicOutput.refuseOverwrite(output, inputs: [input])
        let source = try PyTorchSource(path: input, options: options)
        let result = try SafetensorsWriter.write(source.tensors, metadata: source.metadata(key: options.key), to: output,
                                                 inputs: [input], progress: progress)
        try TensorProof.checkOrRemove(safetensors: output, against: source.tensors)
        return result
    }
}
