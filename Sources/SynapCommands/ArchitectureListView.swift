import ArchitectureCheck
import ModelArtifact

/// `validate --list`: the registered architectures, as a table or as JSON definitions.
enum ArchitectureListView {
    static func print(_ registry: ArchitectureRegistry, json: Bool) {
        if json {
            Console.writeLine(JSONWriter.bytes(.array(registry.all.map(definition))))
            return
        }
        var table = TextTable(headers: ["id", "family", "layers", "hidden", "tensors", "title"], rightAligned: [2, 3, 4])
        for spec in registry.all {
            table.rows.append([spec.id, spec.family, String(spec.layerCount), spec.values["hidden_size"].map(String.init) ?? "-",
                               String(spec.inventory(.huggingFace).filter { !$0.optional }.count), spec.title])
        }
        Swift.print(table.render().joined(separator: "\n"))
    }

    /// One architecture as JSON: what it is, where its facts come from, its config values and tensors.
    static func definition(_ spec: ArchitectureSpec) -> JSONValue {
        var o = JSONObject()
        o.append("id", .string(spec.id))
        o.append("title", .string(spec.title))
        o.append("family", .string(spec.family))
        o.append("sources", .array(spec.sources.map(JSONValue.string)))
        o.append("notes", .array(spec.notes.map(JSONValue.string)))
        o.append("config", spec.expectedConfig(levels: [.required]))
        o.append("config_optional", spec.expectedConfig(levels: [.optional]))
        o.append("config_warn", spec.expectedConfig(levels: [.warning]))
        o.append("tensors", .array(spec.inventory(.huggingFace).filter { !$0.optional }.map { tensor in
            .object(["name": .string(tensor.name), "dtype": .array(tensor.dtypes.map { .string($0.name) }),
                     "shape": .array(tensor.shape.map(JSONValue.int))])
        }))
        return .object(o)
    }
}
