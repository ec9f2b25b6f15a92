import Foundation
@testable import ModelArtifact
import Testing
import TestSupport

/// `ContainedPath`: names resolved as the kernel resolves them, and kept inside their folder (or
/// the Hugging Face cache repository's `blobs/`).
@Suite struct ContainedPathTests {
    /// A scratch folder with `root/` (the folder checked) and `outside/x` beside it.
    func layout() throws -> (scratch: ScratchFolder, root: String, outside: String) {
        let scratch = try ScratchFolder()
        let fm = FileManager.default
        try fm.createDirectory(atPath: scratch.path + "/root/sub", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: scratch.path + "/outside", withIntermediateDirectories: true)
        try scratch.write("root/model.bin", [1, 2, 3])
        try scratch.write("root/sub/inner.bin", [4])
        try scratch.write("outside/x", [9, 9])
        return (scratch, scratch.path + "/root", scratch.path + "/outside")
    }

    func link(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    @Test func plainFilesAndFoldersInside() throws {
        let (scratch, root, _) = try layout()
        defer { scratch.remove() }
        let contained = try ContainedPath(root: root)
        guard case .file(let file) = contained.resolve("model.bin") else { Issue.record("not a file"); return }
        #expect(file.path == root + "/model.bin")
        #expect(file.size == 3 && !file.linked)
        let mapped = try file.map()
        #expect(withExtendedLifetime(mapped) { Array(mapped.bytes) } == [1, 2, 3])
        guard case .file(let inner) = contained.resolve("sub/inner.bin") else { Issue.record("not a file"); return }
        #expect(!inner.linked)
        guard case .folder = contained.resolve("sub") else { Issue.record("not a folder"); return }
        // An absolute name below the folder is the same file.
        guard case .file(let absolute) = contained.resolve(root + "/model.bin") else { Issue.record("not a file"); return }
        #expect(absolute.identity == file.identity)
    }

    @Test func namesThatLeaveAreNeverLookedAt() throws {
        let (scratch, root, outside) = try layout()
        defer { scratch.remove() }
        let contained = try ContainedPath(root: root)
        for name in ["../outside/x", "/etc/passwd", outside + "/x", "sub/../../outside/x", "..", "./../root/model.bin"] {
            #expect(contained.resolve(name) == .outsideByName(path: name), "\(name)")
        }
    }

    @Test func linksInsideAreFollowedLinksOutAreNot() throws {
        let (scratch, root, outside) = try layout()
        defer { scratch.remove() }
        try link(root + "/in.bin", to: "sub/inner.bin")
        try link(root + "/hop.bin", to: "in.bin")                       // two hops, both inside
        try link(root + "/out.bin", to: "../outside/x")
        try link(root + "/abs.bin", to: outside + "/x")
        try link(root + "/chain.bin", to: "hop-out.bin")                 // inside, then out
        try link(root + "/hop-out.bin", to: "sub/../../outside/x")
        try link(root + "/sublink", to: "../outside")                    // a folder link out
        let contained = try ContainedPath(root: root)
        guard case .file(let file) = contained.resolve("hop.bin") else { Issue.record("not a file"); return }
        #expect(file.linked && file.real.hasSuffix("/root/sub/inner.bin"))
        let real = try #require(realpath(outside + "/x", nil).map { p in defer { free(p) }; return String(cString: p) })
        #expect(contained.resolve("out.bin") == .outsideByLink(path: root + "/out.bin", link: "../outside/x", target: real))
        #expect(contained.resolve("abs.bin") == .outsideByLink(path: root + "/abs.bin", link: outside + "/x", target: real))
        #expect(contained.resolve("chain.bin") == .outsideByLink(path: root + "/chain.bin", link: "hop-out.bin", target: real))
        // Through a linked folder: no link at the path itself.
        #expect(contained.resolve("sublink/x") == .outsideByLink(path: root + "/sublink/x", link: nil, target: real))
    }

    /// `..` after a link is resolved from the link's target, as the kernel does, not lexically.
    @Test func dotDotAfterALinkIsResolvedByTheKernel() throws {
        let (scratch, root, outside) = try layout()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: outside + "/deep", withIntermediateDirectories: true)
        try link(root + "/away", to: outside + "/deep")
        // Lexically `away/../x` is `x` inside the folder; really it is `outside/x`.
        guard case .outsideByLink(_, _, let target) = try ContainedPath(root: root).resolve("away/../x") else {
            Issue.record("followed out of the folder")
            return
        }
        #expect(target.hasSuffix("/outside/x"))
    }

    @Test func huggingFaceCacheSnapshotsMayLinkIntoTheirBlobs() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let repo = scratch.path + "/hub/models--org--tiny"
        let snapshot = repo + "/snapshots/0123abcd"
        let fm = FileManager.default
        try fm.createDirectory(atPath: snapshot + "/sub", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: repo + "/blobs", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: scratch.path + "/hub/models--org--other/blobs", withIntermediateDirectories: true)
        try scratch.write("hub/models--org--tiny/blobs/aaaa", [1])
        try scratch.write("hub/models--org--other/blobs/bbbb", [2])
        try link(snapshot + "/model.safetensors", to: "../../blobs/aaaa")
        try link(snapshot + "/sub/nested.safetensors", to: "../../../blobs/aaaa")
        try link(snapshot + "/stolen.safetensors", to: "../../../models--org--other/blobs/bbbb")
        try link(snapshot + "/refs", to: "../../refs")
        let contained = try ContainedPath(root: snapshot)
        #expect(contained.blobs?.hasSuffix("/hub/models--org--tiny/blobs") == true)
        guard case .file(let file) = contained.resolve("model.safetensors") else { Issue.record("blob refused"); return }
        #expect(file.linked && file.real.hasSuffix("/blobs/aaaa"))
        guard case .file = contained.resolve("sub/nested.safetensors") else { Issue.record("blob refused"); return }
        guard case .outsideByLink = contained.resolve("stolen.safetensors") else { Issue.record("another repository's blob"); return }
        // A folder below a snapshot may link into the same blobs.
        guard case .file = try ContainedPath(root: snapshot + "/sub").resolve("nested.safetensors") else {
            Issue.record("blob refused below the snapshot")
            return
        }
        // Outside a snapshot there is no blobs allowance.
        #expect(try ContainedPath(root: repo + "/blobs").blobs == nil)
        #expect(ContainedPath.cacheBlobs(of: "/x/models--/snapshots/r") == nil)
    }

    @Test func missingDanglingAndSpecial() throws {
        let (scratch, root, _) = try layout()
        defer { scratch.remove() }
        try link(root + "/dangling", to: "../nowhere/x")
        #expect(mkfifo(root + "/fifo", 0o600) == 0)
        let contained = try ContainedPath(root: root)
        guard case .missing = contained.resolve("absent") else { Issue.record("found"); return }
        guard case .missing(_, let reason) = contained.resolve("dangling") else { Issue.record("found"); return }
        #expect(reason.contains("leads nowhere") && reason.contains("../nowhere/x"))
        #expect(contained.resolve("fifo") == .special(path: root + "/fifo", kind: "a FIFO"))
        #expect(thrownRule { _ = try ContainedPath(root: root + "/model.bin") } == "not-a-folder")
        #expect(thrownRule { _ = try ContainedPath(root: root + "/absent") } == "unreadable")
    }

    /// A link swapped between the check and the open is caught: the file mapped is not the one resolved.
    @Test func aLinkSwappedAfterTheCheckIsRefused() throws {
        let (scratch, root, outside) = try layout()
        defer { scratch.remove() }
        try link(root + "/swap.bin", to: "model.bin")
        let contained = try ContainedPath(root: root)
        guard case .file(let file) = contained.resolve("swap.bin") else { Issue.record("not a file"); return }
        try FileManager.default.removeItem(atPath: root + "/swap.bin")
        try link(root + "/swap.bin", to: outside + "/x")
        #expect(thrownRule { _ = try file.map() } == "file-changed")
    }

    @Test func walkListsWhatCanBeReadWithoutLeaving() throws {
        let (scratch, root, outside) = try layout()
        defer { scratch.remove() }
        try link(root + "/loop", to: ".")                      // a link to the folder itself
        try link(root + "/alias", to: "sub")                   // listed under its own path
        try link(root + "/out.bin", to: outside + "/x")
        try link(root + "/far", to: "../outside")
        try link(root + "/dangling", to: "nowhere")
        try scratch.write("root/.hidden", [0])
        let entries = try ContainedPath(root: root).walk()
        let listed = entries.map { entry -> String in
            switch entry.resolution {
            case .file: return entry.relative
            case .outsideByLink: return entry.relative + " out"
            case .missing: return entry.relative + " missing"
            default: return entry.relative + " other"
            }
        }
        #expect(listed == ["dangling missing", "far out", "model.bin", "out.bin out", "sub/inner.bin"])
        #expect(try ContainedPath(root: root).walk(skipHidden: false).contains { $0.relative == ".hidden" })
        #expect(thrownRule { _ = try ContainedPath(root: root).walk(limit: 2) } == "folder-too-large")
    }
}
