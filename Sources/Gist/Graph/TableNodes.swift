/// Decision tables in the flowchart: each table a condition reads (directly, through lets, or
/// through another table) is a node that lists its rows as the guideline writes them, with a
/// dotted edge to each decision (or table) that reads it. With a case, the rows the case
/// matches are drawn bold in the path colour.
extension GraphBuilder {
    /// The tables a decision reads, as edges into it; the tables are drawn at the end.
    mutating func tableEdges(_ b: Branch, to id: String) {
        guard let c = b.condition else { return }
        for t in tablesReading(c.slots) {
            markRead(t)
            // At the top level after the tables' frame: an edge inside another frame would pull
            // the table into it.
            tableReads.append("  table_\(program.tables[t].name) -> \(id) [style=dotted, arrowhead=open, color=\"#888888\", constraint=false]")
        }
    }

    /// The tables among `slots` and the lets they read (not looking inside tables).
    func tablesReading(_ slots: Set<Int>) -> [Int] {
        var found = Set<Int>(), seen = Set<Int>()
        var queue = slots.sorted()
        while let s = queue.popLast() {
            guard s >= program.inputs.count, s < program.slotCount, seen.insert(s).inserted else { continue }
            switch program.derived[s - program.inputs.count].kind {
            case .table(let t): found.insert(t)
            case .letValue(let ir): queue += ir.slots.sorted()
            }
        }
        return found.sorted()
    }

    /// Records a table as drawn, and the tables its columns read, with their edges.
    mutating func markRead(_ t: Int) {
        guard t < program.tables.count, !tablesRead.contains(t) else { return }
        tablesRead.insert(t)
        let columns = program.tables[t].columns.reduce(into: Set<Int>()) { $0.formUnion($1.slots) }
        for u in tablesReading(columns) where u != t {
            markRead(u)
            tableLinks.append("  table_\(program.tables[u].name) -> table_\(program.tables[t].name) [style=dotted, arrowhead=open, color=\"#888888\"]")
        }
    }

    /// The tables read, in a frame of their own (so the layout keeps them out of the others).
    mutating func tables() {
        guard !tablesRead.isEmpty else { return }
        lines.append("  subgraph cluster_tables {")
        lines.append("    label=\"decision tables\"; style=\"rounded\"; color=\"#aaaaaa\"; fontcolor=\"#555555\"")
        for t in tablesRead.sorted() {
            let table = program.tables[t]
            let tooltip = GraphBuilder.quoted("line \(table.range.line): table \(table.name)")
            lines.append("    table_\(table.name) [shape=plain, label=<\(tableLabel(t))>, tooltip=\(tooltip)]")
        }
        lines += tableLinks.map { "  " + $0 }
        lines.append("  }")
        lines += tableReads
    }

    /// An HTML-like label: the name and hit policy, the columns, then one line per row.
    func tableLabel(_ t: Int) -> String {
        let table = program.tables[t]
        let matched = matchedRows(t)
        let width = table.columnSources.count + 1
        var html = "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\" BGCOLOR=\"#ffffff\">"
        html += "<TR><TD COLSPAN=\"\(width)\" BGCOLOR=\"#eeeeee\"><B>table \(Self.html(table.name))</B> (\(table.policy.rawValue))</TD></TR>"
        html += "<TR>" + (table.columnSources + ["=>"]).map { "<TD><I>\(Self.html($0))</I></TD>" }.joined() + "</TR>"
        for (r, row) in table.rows.enumerated() {
            var cells = Self.cells(of: row.range.file.text(of: row.range.span))
            if cells.count != width { cells = [row.range.file.text(of: row.range.span)] + Array(repeating: "", count: width - 1) }
            let bold = matched.contains(r)
            html += "<TR>" + cells.map { cell in
                let text = Self.html(cell)
                return bold ? "<TD BGCOLOR=\"#e7e1ef\"><FONT COLOR=\"\(PathwayGraph.pathColor)\"><B>\(text)</B></FONT></TD>" : "<TD>\(text)</TD>"
            }.joined() + "</TR>"
        }
        return html + "</TABLE>"
    }

    /// A row's cells as written: `| <= 2 cm | any | => none` gives `<= 2 cm`, `any`, `none`.
    static func cells(of row: String) -> [String] {
        func trim(_ s: Substring) -> String { String(s.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed()) }
        var parts = row.split(separator: "|", omittingEmptySubsequences: false).map(trim)
        if parts.first == "" { parts.removeFirst() }
        guard let last = parts.last, last.hasPrefix("=>") else { return [row] }
        parts[parts.count - 1] = trim(last.dropFirst(2))
        return parts
    }

    /// The rows that give the table its value for the case: those it surely matches; under
    /// `first`, the first of them, and none if an earlier row may match (the value is unknown).
    func matchedRows(_ t: Int) -> Set<Int> {
        guard let trace else { return [] }
        let table = program.tables[t]
        let columns = table.columns.map { trace.evaluator.value(of: $0, in: trace.values) }
        var rows = Set<Int>()
        for (r, row) in table.rows.enumerated() {
            let match = zip(row.cells, columns).reduce(Truth.yes) { $0 && Operators.cellTest($1.0, $1.1) }
            if match == .yes { rows.insert(r) }
            if table.policy == .first && match != .no { break }
        }
        return rows
    }

    static func html(_ s: String) -> String {
        s.replacing(["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "\n": " ", "\r": " "])
    }
}
