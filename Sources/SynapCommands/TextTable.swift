/// A plain text table with aligned columns; numeric columns align right.
struct TextTable {
    /// Column headers.
    var headers: [String]
    /// Which columns align right.
    var rightAligned: Set<Int> = []
    /// The rows, each as wide as `headers`.
    var rows: [[String]] = []

    /// The table as lines, indented by `indent` spaces, header dimmed.
    func render(indent: Int = 2) -> [String] {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        let pad = String(repeating: " ", count: indent)
        func line(_ cells: [String]) -> String {
            let parts = cells.enumerated().map { i, cell -> String in
                let fill = String(repeating: " ", count: max(0, widths[i] - cell.count))
                if i == cells.count - 1 && !rightAligned.contains(i) { return cell }
                return rightAligned.contains(i) ? fill + cell : cell + fill
            }
            return pad + parts.joined(separator: "  ")
        }
        return [Console.dim(line(headers))] + rows.map(line)
    }
}
