/// Decides whether every input is read only through its *band*, and finds the bands.
///
/// A band is a set of values of one input that the program cannot tell apart: booleans and
/// enum members are their own bands; a number's bands are cut at every constant it is compared
/// with (in a condition, a let or a table column); a set's band is the set restricted to the
/// members some condition tests. "unknown" is band 0 of every input.
///
/// That holds only where the program reads a number input by comparing it with a constant
/// (directly or as a table column) and a set input by testing a constant member or comparing
/// it with a constant set; anywhere else — arithmetic, a comparison of two inputs, a let that
/// passes the value on — the exact value matters and the analysis gives up (nil): machines
/// then evaluate every case with the register code.
extension CompiledProgram {
    struct BandAnalysis {
        let program: Program
        var thresholds: [Set<Rational>]
        var relevant: [UInt64]
        var failed = false

        init(program: Program) {
            self.program = program
            thresholds = Array(repeating: [], count: program.inputs.count)
            relevant = Array(repeating: 0, count: program.inputs.count)
        }

        /// The bands, or nil when some input is read other than through its bands.
        mutating func run() -> Bands? {
            for d in program.derived {
                switch d.kind {
                case .letValue(let ir): top(ir)
                case .table(let t): table(t)
                }
            }
            program.pathway.forEachCondition { top($0) }
            guard !failed else { return nil }
            var result = Bands(variables: [], first: [], count: [])
            for (i, input) in program.inputs.enumerated() {
                result.first.append(Int32(result.variables.count))
                switch input.type {
                case .bool:
                    result.variables.append(BandVariable(kind: .bool, input: Int32(i), count: 2, bandCount: 3))
                case .enumeration(let e):
                    guard e < program.enums.count else { return nil }
                    let n = program.enums[e].members.count
                    result.variables.append(BandVariable(kind: .member, input: Int32(i), count: Int32(n), bandCount: Int32(n + 1)))
                case .number, .count, .quantity:
                    guard !thresholds[i].contains(where: { !$0.isFinite }) else { return nil }
                    let n = thresholds[i].count
                    result.variables.append(BandVariable(kind: .number, input: Int32(i), count: Int32(n), bandCount: Int32(2 * n + 2)))
                case .set:
                    // One variable per member some condition tests: unknown, out, in.
                    let valid = allMembers(i)
                    var m = relevant[i] & valid
                    if m == 0 {
                        result.variables.append(BandVariable(kind: .setPresence, input: Int32(i), valid: valid, bandCount: 2))
                    }
                    while m != 0 {
                        result.variables.append(BandVariable(kind: .setMember, input: Int32(i), bit: m & (0 &- m),
                                                             valid: valid, bandCount: 3))
                        m &= m &- 1
                    }
                case .string, .error:
                    return nil
                }
                result.count.append(Int32(result.variables.count) - result.first[i])
            }
            return result
        }

        /// Sorted thresholds of input i.
        func sortedThresholds(_ i: Int) -> [Rational] { thresholds[i].sorted() }

        func input(_ ir: IR) -> Int? {
            if case .slot(let s) = ir, s >= 0, s < program.inputs.count { return s }
            return nil
        }

        /// Inputs whose exact value is visible, not just its band.
        func exact(_ i: Int) -> Bool {
            switch program.inputs[i].type {
            case .bool, .enumeration: return false
            default: return true
            }
        }

        func allMembers(_ i: Int) -> UInt64 {
            guard case .set(let e) = program.inputs[i].type, e < program.enums.count else { return ~0 }
            let n = program.enums[e].members.count
            return n >= 64 ? ~0 : (1 << UInt64(n)) - 1
        }

        /// An expression whose value is used as it is (a let, a condition).
        mutating func top(_ ir: IR) {
            if let i = input(ir), exact(i) { failed = true }
            visit(ir)
        }

        /// Checks the operands of `ir` that are inputs, then recurses.
        mutating func visit(_ ir: IR) {
            checkOperands(ir)
            switch ir {
            case .constant, .slot: break
            case .negate(let a), .not(let a): visit(a)
            case .arith(_, let a, let b), .compare(_, let a, let b), .and(let a, let b), .or(let a, let b),
                 .member(let a, let b, _):
                visit(a)
                visit(b)
            case .conditional(let c, let a, let b):
                visit(c)
                visit(a)
                visit(b)
            case .known(let a): visit(a)
            case .call(_, let args): visitEach(args)
            }
        }

        // Out of line, so that `visit`'s frame stays small for deep expressions.
        mutating func checkOperands(_ ir: IR) {
            switch ir {
            case .constant, .slot: return
            case .compare(let op, let a, let b):
                for (x, other) in [(a, b), (b, a)] {
                    guard let i = input(x), exact(i) else { continue }
                    switch (program.inputs[i].type, other) {
                    case (.set, .constant(.set)) where op == .eq || op == .ne:
                        relevant[i] |= allMembers(i)
                    case (.set, _):
                        failed = true
                    case (_, .constant(.number(let c))):
                        thresholds[i].insert(c)
                    case (_, .constant):
                        break  // compared with a non-number: only the tag matters
                    default:
                        failed = true
                    }
                }
            case .member(let e, let s, _):
                if let i = input(e), exact(i) { failed = true }
                if let i = input(s), exact(i) {
                    if case .constant(.member(let m)) = e, m >= 0, m < 64 { relevant[i] |= 1 << UInt64(m) } else {
                        relevant[i] |= allMembers(i)
                    }
                }
            case .negate(let a), .not(let a):
                if let i = input(a), exact(i) { failed = true }
            case .arith(_, let a, let b), .and(let a, let b), .or(let a, let b):
                for x in [a, b] { if let i = input(x), exact(i) { failed = true } }
            case .conditional(let c, let a, let b):
                for x in [c, a, b] { if let i = input(x), exact(i) { failed = true } }
            case .call(_, let args):
                readsExactly(args)
            case .known:
                break  // only whether the input is known matters: band 0 is "unknown"
            }
        }

        mutating func readsExactly(_ operands: [IR]) {
            for x in operands { if let i = input(x), exact(i) { failed = true } }
        }
        mutating func visitEach(_ operands: [IR]) { for x in operands { visit(x) } }

        mutating func table(_ t: Int) {
            let table = program.tables[t]
            for (k, column) in table.columns.enumerated() {
                guard let i = input(column), exact(i) else {
                    visit(column)
                    continue
                }
                switch program.inputs[i].type {
                case .set:
                    relevant[i] |= allMembers(i)
                default:
                    for row in table.rows where k < row.cells.count { thresholds[i].formUnion(row.cells[k].cutPoints) }
                }
            }
        }
    }
}
