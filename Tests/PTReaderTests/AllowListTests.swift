import ModelArtifact
import TestSupport
import Testing
@testable import PTReader

/// The allow-list mirrors torch.load(weights_only=True) and denies everything else.
@Suite struct AllowListTests {
    @Test func weightsOnlyNames() {
        for (module, name) in [("torch._utils", "_rebuild_tensor_v2"), ("collections", "OrderedDict"), ("torch", "FloatStorage"),
                               ("torch.storage", "UntypedStorage"), ("torch", "bfloat16"), ("torch", "float8_e4m3fn"),
                               ("torch.cuda", "HalfStorage"), ("torch.cuda.sparse", "FloatTensor"), ("torch", "per_channel_affine"),
                               ("__builtin__", "set"), ("_codecs", "encode"), ("torch._tensor", "_rebuild_from_type_v2"),
                               ("torch.nn.parameter", "Parameter")] {
            #expect(PickleAllowList.allows(module: module, name: name, in: .weightsOnly), "\(module).\(name)")
        }
    }

    @Test func everythingElseIsDenied() {
        for (module, name) in [("posix", "system"), ("os", "system"), ("builtins", "eval"), ("__builtin__", "eval"),
                               ("torch", "load"), ("torch.sparse", "BoolTensor"), ("torch", "UntypedStorage"),
                               ("__torch__", "Net"), ("torch.jit._pickle", "build_intlist"), ("numpy.core.multiarray", "_reconstruct"),
                               ("sys", "modules"), ("__builtin__", "intern")] {
            #expect(!PickleAllowList.allows(module: module, name: name, in: .weightsOnly), "\(module).\(name)")
        }
    }

    @Test func torchScriptAddsItsOwnNamesOnly() {
        #expect(PickleAllowList.allows(module: "__torch__.vad.model", name: "VAD", in: .torchScript))
        #expect(PickleAllowList.allows(module: "torch.jit._pickle", name: "build_intlist", in: .torchScript))
        #expect(!PickleAllowList.allows(module: "posix", name: "system", in: .torchScript))
        #expect(!PickleAllowList.allows(module: "__torch__x", name: "A", in: .torchScript))
    }

    @Test func pythonTwoNamesAreMapped() {
        #expect(PickleAllowList.canonical(module: "__builtin__", name: "set") == "builtins.set")
        #expect(PickleAllowList.canonical(module: "__builtin__", name: "intern") == "sys.intern")
        #expect(PickleAllowList.canonical(module: "copy_reg", name: "x") == "copyreg.x")
    }
}
