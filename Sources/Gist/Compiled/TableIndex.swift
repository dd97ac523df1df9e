/// An index over the rows of a table too big for the machine's row bit sets (more than 64
/// rows): per column, its distinct cells and the rows that have each. For a case, the column
/// whose matching cells hold the fewest rows names the candidate rows; every other row has a
/// cell that surely does not match, so the decision only needs to look at the candidates. A
/// 50,000-row grid table then takes microseconds per case instead of a scan of every row
/// (benchmarks/README.md).
final class TableIndex {
    struct Column {
        /// Distinct cells of the column (a short row has `any` in the columns it lacks).
        var cells: [CellTest]
        /// For each distinct cell, its rows in ascending order.
        var rows: [[Int32]]
    }

    let columns: [Column]
    let rowCount: Int

    init(_ table: TableInfo) {
        rowCount = table.rows.count
        columns = table.columns.indices.map { k in
            var position: [CellTest: Int] = [:]
            var column = Column(cells: [], rows: [])
            for (r, row) in table.rows.enumerated() {
                let cell = k < row.cells.count ? row.cells[k] : .any
                let p = position[cell] ?? column.cells.count
                if p == column.cells.count {
                    position[cell] = p
                    column.cells.append(cell)
                    column.rows.append([])
                }
                column.rows[p].append(Int32(r))
            }
            return column
        }
    }

    /// The rows that may match a case whose column values are `value(k)`, ascending; nil when
    /// no column narrows them (every value unknown).
    func candidates(_ value: (Int) -> Value) -> [Int32]? {
        var best: [[Int32]]?
        var bestCount = rowCount + 1
        for (k, column) in columns.enumerated() {
            let v = value(k)
            if v.isUnknown { continue }
            var lists: [[Int32]] = []
            var count = 0
            for (c, cell) in column.cells.enumerated() where Operators.cellTest(cell, v) != .no {
                lists.append(column.rows[c])
                count += column.rows[c].count
                if count >= bestCount { break }
            }
            if count < bestCount {
                best = lists
                bestCount = count
            }
        }
        guard let best else { return nil }
        return best.count == 1 ? best[0] : best.joined().sorted()
    }
}
