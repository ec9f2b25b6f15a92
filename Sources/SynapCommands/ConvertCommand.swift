import ArgumentParser
import Conversion
import SystemSeam

/// `synap-tool convert SUBCOMMAND …`: rewrite a model into another form, streaming, nothing executed.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a model: PyTorch to safetensors, safetensors resharding, ONNX external data, SyNAP bundles.",
        discussion: """
            Every conversion streams (memory stays bounded whatever the model's size; file ranges are \
            copied file to file inside the kernel), writes to a temporary file beside the output and \
            renames it into place when complete, refuses to overwrite its input, re-reads the result \
            to check every tensor's name, dtype, shape and byte range (--verify: and every byte, \
            against the source), and prints the SHA-256 of each file written (as sha256sum prints it), \
            computed from the file read back as it was written.

              synap-tool convert to-safetensors model.pt model.safetensors [--key KEY]
              synap-tool convert reshard CHECKPOINT_DIR OUT_DIR --max-shard-size 5GB
              synap-tool convert external-data model.onnx out.onnx [--threshold BYTES]
              synap-tool convert embed model.onnx out.onnx
              synap-tool convert unbundle model.synap FOLDER
              synap-tool convert bundle bundle.json [FILE…] -o out.synap
              synap-tool convert bundle model.json model.nb -o out.synap

            The output may be given with -o instead of as the second path (bundle takes it only \
            with -o). The spellings before \
            these subcommands (convert INPUT --to safetensors OUTPUT, --reshard SIZE, \
            --external-data OUT, --embed OUT, --unbundle FOLDER, --bundle META) still work in this \
            release, with a note on stderr naming the new one; they go in the next.
            """,
        subcommands: [ConvertToSafetensors.self, ConvertReshard.self, ConvertExternalData.self, ConvertEmbed.self,
                      ConvertUnbundle.self, ConvertBundle.self, ConvertDeprecatedSpelling.self],
        defaultSubcommand: ConvertDeprecatedSpelling.self)

    /// The bytes a conversion of `path` reads (a file's size, or the sum over a checkpoint
    /// folder's inputs), for the progress line; 0 when unknown or `path` is empty.
    static func inputSize(_ path: String) -> Int {
        guard !path.isEmpty else { return 0 }
        let status = FileStatus(path: path)
        if status.kind != .folder { return status.size }
        return ((try? Resharding.inputs(path)) ?? []).reduce(0) { total, file in total + FileStatus(path: file).size }
    }
}
