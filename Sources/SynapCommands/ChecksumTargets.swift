import Checksums
import ModelArtifact
import ModelInspector
import SystemSeam

/// The files behind the paths given to `checksum`: files as they are, folders (checkpoints) as every
/// regular file below them, each with the tensor ranges to digest when asked.
struct ChecksumTargets {
    /// A folder given on the command line and the jobs that belong to it.
    struct Checkpoint {
        let path: String
        /// Indices into `jobs`, with each file's path relative to the folder.
        let members: [(job: Int, relative: String)]
    }

    var jobs: [ChecksumJob] = []
    var checkpoints: [Checkpoint] = []
    /// Paths that could not be expanded, with their errors.
    var failures: [ArtifactError] = []
    /// Files for which tensors were asked but none could be read.
    var withoutTensors: [String] = []

    init(paths: [String], perTensor: Bool) {
        for path in paths {
            if FolderListing.isFolder(path) {
                do {
                    let files = try FolderListing.regularFiles(under: path)
                    var members: [(Int, String)] = []
                    for relative in files {
                        members.append((jobs.count, relative))
                        add(FolderListing.join(path, relative), perTensor: perTensor, quietIfNone: true)
                    }
                    checkpoints.append(Checkpoint(path: path, members: members))
                } catch let error as ArtifactError {
                    failures.append(error)
                } catch {}
            } else {
                add(path, perTensor: perTensor, quietIfNone: false)
            }
        }
    }

    private mutating func add(_ path: String, perTensor: Bool, quietIfNone: Bool) {
        var job = ChecksumJob(path: path)
        if perTensor {
            let tensors = (try? ModelInspector.inspect(path: path))?.tensors ?? []
            job.ranges = tensors.compactMap { tensor in
                guard let offset = tensor.offset, let length = tensor.length else { return nil }
                return NamedRange(name: tensor.name, range: offset..<(offset + length))
            }
            if job.ranges.isEmpty && !quietIfNone { withoutTensors.append(path) }
        }
        jobs.append(job)
    }
}
