import ModelArtifact
import Testing
@testable import TFLiteReader

/// The schema facts against values read off schema.fbs.
@Suite struct TFLiteSchemaTests {
    @Test func builtinOperatorsByValue() {
        let names = TFLiteSchema.builtinOperators
        #expect(names.count == 210)
        #expect(Set(names).count == names.count)
        let spots: [(Int32, String)] = [(0, "ADD"), (5, "DEPTH_TO_SPACE"), (32, "CUSTOM"), (51, "DELEGATE"), (99, "SQUARED_DIFFERENCE"),
                                        (117, "HARD_SWISH"), (127, "PLACEHOLDER_FOR_GREATER_OP_CODES"), (129, "CALL_ONCE"),
                                        (142, "VAR_HANDLE"), (161, "RIGHT_SHIFT"), (162, "STABLEHLO_LOGISTIC"), (203, "DILATE"),
                                        (205, "REDUCE_WINDOW"), (209, "STABLEHLO_CASE")]
        for (code, name) in spots { #expect(TFLiteSchema.builtinName(code) == name) }
        #expect(TFLiteSchema.builtinName(210) == nil && TFLiteSchema.builtinName(-1) == nil)
        #expect(TFLiteSchema.builtinName(TFLiteSchema.customCode) == "CUSTOM")
        #expect(TFLiteSchema.builtinName(TFLiteSchema.placeholderForGreaterOpCodes) == "PLACEHOLDER_FOR_GREATER_OP_CODES")
    }

    @Test func tensorTypesByValue() {
        #expect(TFLiteSchema.tensorTypes.count == 23)
        #expect(TFLiteSchema.tensorType(9)?.name == "INT8" && TFLiteSchema.tensorType(9)?.dtype == .i8)
        #expect(TFLiteSchema.tensorType(18)?.dtype == .bf16)
        #expect(TFLiteSchema.tensorType(23) == nil && TFLiteSchema.tensorType(-1) == nil)
    }

    @Test func unionsTakeTwoFieldIDs() {
        #expect(TFLiteSchema.Quantization.details == TFLiteSchema.Quantization.detailsType + 1)
        #expect(TFLiteSchema.Operator.builtinOptions2 == 12 && TFLiteSchema.Operator.debugMetadataIndex == 13)
        #expect(TFLiteSchema.SignatureDef.subgraphIndex == 4, "deprecated_tag keeps its id")
        #expect(TFLiteSchema.Model.signatureDefs == 7 && TFLiteSchema.Tensor.shapeSignature == 7)
    }
}
