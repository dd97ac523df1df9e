/// What the scripts exercised of one guideline: recommendations made, both outcomes of
/// every branch, table rows matched — with every uncovered item located.
public struct CoverageReport: Sendable {
    public struct Item: Sendable {
        public let kind: String       // "recommendation", "branch", "row"
        public let description: String
        public let range: SourceRange
    }
    public struct Part: Sendable {
        public var covered = 0
        public var total = 0
        public var uncovered: [Item] = []
        public var percent: Double { total == 0 ? 100 : Double(covered) * 100 / Double(total) }
    }

    public let path: String
    public var recommendations = Part()
    public var branches = Part()
    public var rows = Part()

    public init(path: String, program p: Program, coverage c: Evaluator.Coverage) {
        self.path = path
        for (i, r) in p.recommendations.enumerated() {
            recommendations.total += 1
            if c.recommended[i] > 0 { recommendations.covered += 1 }
            else { recommendations.uncovered.append(Item(kind: "recommendation", description: "\(r.code) is never recommended", range: r.range)) }
        }
        func branch(_ b: Branch) {
            for (taken, count) in [(true, c.branchTaken[b.id]), (false, c.branchNotTaken[b.id])] {
                branches.total += 1
                if count > 0 { branches.covered += 1; continue }
                let what = b.condition == nil ? "otherwise" : "when \(b.source)"
                branches.uncovered.append(Item(kind: "branch", description: "\(what): never \(taken ? "taken" : "not taken")\(b.viaDescription)", range: b.range))
            }
        }
        p.pathway.forEachBranch(branch)
        for (t, table) in p.tables.enumerated() {
            for (r, row) in table.rows.enumerated() {
                rows.total += 1
                if c.rowsMatched[t][r] > 0 { rows.covered += 1 }
                else { rows.uncovered.append(Item(kind: "row", description: "table \(table.name) row \(r + 1) never matched", range: row.range)) }
            }
        }
    }
}
