import Hummingbird

/// The ids in a route's path, checked: 400 `invalid_parameter` when one is not an integer of 0 or more.
enum PathParameters {
    /// `{id}`: the project.
    static func projectID(_ context: ServerContext) throws(APIFailure) -> Int64 {
        try integer("id", context, what: "project id")
    }

    /// `{model_id}`: the model version's id.
    static func modelID(_ context: ServerContext) throws(APIFailure) -> Int64 {
        try integer("model_id", context, what: "model id")
    }

    private static func integer(_ name: String, _ context: ServerContext, what: String) throws(APIFailure) -> Int64 {
        let text = context.parameters.get(name) ?? ""
        guard let value = Int64(text), value >= 0 else {
            throw .badRequest(.invalidParameter, "the \(what) in the path must be an integer, 0 or more", details: "got '\(text)'")
        }
        return value
    }
}
