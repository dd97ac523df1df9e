/// An index over the rows of a table too big for the machine's row bit sets (more than 64
/// rows). Per column: its distinct cells, the rows that have each, and which cell each row has.
/// A column's number cells cut the number line into bands (`CellTest.cutPoints`, as the
/// decision tree and the diagrams cut it) and every cell has one truth in each band, so the
/// cells that may match a number are looked up by bisection; an enum member's cells are looked
/// up by its index. For a case, the known column whose matching cells hold the fewest rows
/// names the candidate rows, and a candidate is kept only if its cell in every other known
/// column may match too. Every other row has a cell that surely does not match, so the decision
/// only needs to look at what is left. A 50,000-row grid table then takes about a microsecond
/// per case instead of a scan of every row (benchmarks/README.md).
///
/// The lookups are built by asking `Operators.cellTest` itself (once per band or member), so the
/// index never decides a match on its own: it only leaves out rows, and the caller tests the
/// rest with the shared table decision. One index belongs to one machine (it keeps scratch marks).
final class TableIndex {
    struct Column {
        /// Distinct cells of the column (a short row has `any` in the columns it lacks).
        var cells: [CellTest] = []
        /// For each distinct cell, its rows in ascending order.
        var rows: [[Int32]] = []
        /// For each row, the index of its cell.
        var rowCell: [Int32] = []
        /// The sorted distinct cut points of the column's cells.
        var cuts: [Rational] = []
        /// The cells without cut points that may match any number (`any`, say).
        var numberAlways: [Int32] = []
        /// For each band (`band(of:)`), the other cells that may match a number in it; nil when
        /// the lookup would be too big (many nested intervals), and numbers scan the cells instead.
        var bandCells: [[Int32]]?
        /// For each member index below 64, the cells that may match that member; nil when too big.
        var memberCells: [[Int32]]?
        /// Per cell, the query stamp that last found it matching.
        var marks: [UInt32] = []
    }

    /// A lookup holds at most this many cell entries beyond a few per band or member, so a
    /// column of many nested intervals cannot make it quadratic in the rows.
    static let lookupSlack = 1 << 16

    private(set) var columns: [Column]
    let rowCount: Int
    private var stamp: UInt32 = 0

    convenience init(_ table: TableInfo) {
        self.init(rows: table.rows.map(\.cells), columnCount: table.columns.count)
    }

    /// The index of rows of cells (a row shorter than `columnCount` has `any` in the rest).
    init(rows: [[CellTest]], columnCount: Int) {
        rowCount = rows.count
        columns = (0..<columnCount).map { k in
            var position: [CellTest: Int32] = [:]
            var column = Column()
            column.rowCell.reserveCapacity(rows.count)
            for (r, cells) in rows.enumerated() {
                let cell = k < cells.count ? cells[k] : .any
                let p = position[cell] ?? Int32(column.cells.count)
                if p == column.cells.count {
                    position[cell] = p
                    column.cells.append(cell)
                    column.rows.append([])
                }
                column.rows[Int(p)].append(Int32(r))
                column.rowCell.append(p)
            }
            column.cuts = Array(Set(column.cells.flatMap(\.cutPoints))).sorted()
            (column.numberAlways, column.bandCells) = Self.numberLookup(column.cells, column.cuts)
            if column.cells.contains(where: { if case .oneOf = $0 { return true } else { return false } }) {
                column.memberCells = Self.memberLookup(column.cells)
            }
            column.marks = Array(repeating: 0, count: column.cells.count)
            return column
        }
    }

    /// Which cells may match a number: those with no cut point that may match any number
    /// (`any`, say), and per band the others that may match in it; the per-band lists are nil
    /// past the size bound. A cell's truth changes only at its own cut points, so it is tested
    /// once per stretch of bands between them.
    private static func numberLookup(_ cells: [CellTest], _ cuts: [Rational]) -> ([Int32], [[Int32]]?) {
        let bandCount = 2 * cuts.count + 1
        var always: [Int32] = []
        var perBand: [[Int32]] = Array(repeating: [], count: bandCount)
        var total = 0
        for (c, cell) in cells.enumerated() {
            let own = Set(cell.cutPoints).map { band(of: $0, cuts) }.sorted()
            if own.isEmpty {
                if Operators.cellTest(cell, .number(.zero)) != .no { always.append(Int32(c)) }
                continue
            }
            // Stretches: below the first own cut, each own cut, between and above them.
            var stretches: [ClosedRange<Int>] = []
            var from = 0
            for b in own {
                if from < b { stretches.append(from...(b - 1)) }
                stretches.append(b...b)
                from = b + 1
            }
            if from < bandCount { stretches.append(from...(bandCount - 1)) }
            for stretch in stretches
            where mayMatch(cell, inBands: stretch, cuts) {
                total += stretch.count
                if total > 8 * bandCount + lookupSlack { return (always, nil) }
                for b in stretch { perBand[b].append(Int32(c)) }
            }
        }
        return (always, perBand)
    }

    /// For each member index below 64, the cells that may match it; nil past the size bound.
    private static func memberLookup(_ cells: [CellTest]) -> [[Int32]]? {
        var total = 0
        var result: [[Int32]] = []
        for m in 0..<64 {
            let matching = cells.indices.filter { Operators.cellTest(cells[$0], .member(m)) != .no }.map { Int32($0) }
            total += matching.count
            if total > 64 + lookupSlack { return nil }
            result.append(matching)
        }
        return result
    }

    /// Band `2i + 1` is the cut point `cuts[i]`; band `2i` the open interval below it (band 0
    /// everything below the first cut, the last band everything above the last).
    static func band(of x: Rational, _ cuts: [Rational]) -> Int {
        var lo = 0, hi = cuts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if cuts[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < cuts.count && cuts[lo] == x ? 2 * lo + 1 : 2 * lo
    }

    /// A number inside band `b` (any one will do: every cell has one truth in a band); nil
    /// when the band is empty (below a cut at -infinity) or none fits in 64 bits.
    static func representative(ofBand b: Int, _ cuts: [Rational]) -> Rational? {
        if cuts.isEmpty { return .zero }
        if b % 2 == 1 { return cuts[b / 2] }
        let i = b / 2
        return Rational.between(i == 0 ? .negativeInfinity : cuts[i - 1], i == cuts.count ? .infinity : cuts[i])
    }

    /// Whether `cell`, whose truth is one across `bands`, may match a number in them (it may,
    /// when they have no number to try).
    static func mayMatch(_ cell: CellTest, inBands bands: ClosedRange<Int>, _ cuts: [Rational]) -> Bool {
        guard let x = bands.lazy.compactMap({ representative(ofBand: $0, cuts) }).first else { return true }
        return Operators.cellTest(cell, .number(x)) != .no
    }

    /// The cells of column `k` that may match the known value `v`.
    private func matchingCells(_ k: Int, _ v: Value, into out: inout [Int32]) {
        let column = columns[k]
        out.removeAll(keepingCapacity: true)
        switch v {
        case .number(let x):
            if let bandCells = column.bandCells {
                out.append(contentsOf: column.numberAlways)
                out.append(contentsOf: bandCells[Self.band(of: x, column.cuts)])
                return
            }
        case .member(let m) where m >= 0 && m < 64:
            if let memberCells = column.memberCells {
                out.append(contentsOf: memberCells[m])
                return
            }
        default: break
        }
        for (c, cell) in column.cells.enumerated() where Operators.cellTest(cell, v) != .no {
            out.append(Int32(c))
        }
    }

    /// The rows that may match a case whose column values are `value(k)`, ascending; nil when
    /// no column narrows them (every value unknown).
    func candidates(_ value: (Int) -> Value) -> [Int32]? {
        stamp &+= 1
        if stamp == 0 {
            for k in columns.indices { columns[k].marks = Array(repeating: 0, count: columns[k].cells.count) }
            stamp = 1
        }
        var known: [Int] = []
        var best: [Int32] = []
        var bestColumn = -1
        var bestCount = Int.max
        var cells: [Int32] = []
        for k in columns.indices {
            let v = value(k)
            if v.isUnknown { continue }
            known.append(k)
            matchingCells(k, v, into: &cells)
            var count = 0
            for c in cells {
                columns[k].marks[Int(c)] = stamp
                count += columns[k].rows[Int(c)].count
            }
            if count < bestCount {
                best = cells
                bestColumn = k
                bestCount = count
            }
        }
        guard bestColumn >= 0 else { return nil }
        var rows: [Int32]
        if best.count == 1 {
            rows = columns[bestColumn].rows[Int(best[0])]
        } else {
            rows = []
            rows.reserveCapacity(bestCount)
            for c in best { rows.append(contentsOf: columns[bestColumn].rows[Int(c)]) }
            rows.sort()
        }
        // Keep a candidate only if its cell in every other known column may match.
        let others = known.filter { $0 != bestColumn }
        if others.isEmpty { return rows }
        return rows.filter { r in
            others.allSatisfy { k in columns[k].marks[Int(columns[k].rowCell[Int(r)])] == stamp }
        }
    }
}
