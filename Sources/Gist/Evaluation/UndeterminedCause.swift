/// Why a value is undetermined when no input is missing: a division by zero, a result too
/// large or too fine to hold exactly (overflow), or a table with no matching row or (`unique`)
/// more than one. `needs` then names no input, so reports give
/// these instead: `bmi: division by zero (height = 0)`, `table nih_risk has no row for this case`.
extension Evaluator {
    /// The causes for a case whose slot values are `values` (inputs then derived values), in
    /// declaration order. A value undetermined only because a value it reads is undetermined is
    /// not listed again: its cause is.
    public func undeterminedCauses(_ values: [Value]) -> [String] {
        let p = program
        var out: [String] = []
        for (k, d) in p.derived.enumerated() {
            let slot = p.inputs.count + k
            guard slot < values.count, values[slot].isUnknown else { continue }
            var missing = Set<Int>()
            unknownInputs(.slot(slot), values, into: &missing)
            guard missing.isEmpty, !readsUndeterminedValue(d, values) else { continue }
            switch d.kind {
            case .letValue(let ir):
                // Every input it reads is known and no value it reads is undetermined: a
                // division by zero, else a result beyond exact numbers.
                out.append("\(d.name): " + (zeroDivision(ir, values) ?? Evaluator.overflow))
            case .table(let t):
                let table = p.tables[t]
                var v = values
                let columns = table.columns.map { Evaluator.eval($0, &v) }
                let matching = table.rows.indices.filter { r in
                    zip(table.rows[r].cells, columns).allSatisfy { Operators.cellTest($0, $1) == .yes }
                }
                if matching.isEmpty {
                    out.append("table \(table.name) has no row for this case")
                } else if matching.count > 1 {
                    let rows = matching.map { String($0 + 1) }
                    out.append("table \(table.name): rows " + (rows.count == 2 ? "\(rows[0]) and \(rows[1]) both" : rows.joined(separator: ", ") + " all") + " match this case")
                }
            }
        }
        return out
    }

    /// The cause of a value whose inputs are known and which divides by nothing that is zero.
    static let overflow = "overflow (a number too large or too fine to hold exactly)"

    /// `division by zero (height = 0)` for the first division in `ir` by something that is 0.
    func zeroDivision(_ ir: IR, _ values: [Value]) -> String? {
        for case .arith(.div, _, let divisor) in ir.nodes {
            var v = values
            guard case .number(0) = Evaluator.eval(divisor, &v) else { continue }
            let reads = divisor.slots.sorted().map { "\(program.slotName($0)) = \(program.formatSlot($0, values[$0]))" }
            return "division by zero" + (reads.isEmpty ? "" : " (" + reads.joined(separator: ", ") + ")")
        }
        return nil
    }

    /// Why `ir` is undetermined for a case: the inputs it needs, else a division by zero in
    /// it, else the causes in the values it reads.
    public func whyUndetermined(_ ir: IR, _ values: [Value]) -> String {
        var missing = Set<Int>()
        unknownInputs(ir, values, into: &missing)
        if !missing.isEmpty { return "needs " + missing.sorted().map { program.inputs[$0].name }.joined(separator: ", ") }
        if let zero = zeroDivision(ir, values) { return zero }
        let causes = undeterminedCauses(values)
        return causes.isEmpty ? "undetermined" : causes.joined(separator: "; ")
    }

    /// Whether a let or table reads another let or table that is undetermined.
    func readsUndeterminedValue(_ d: DerivedInfo, _ values: [Value]) -> Bool {
        program.slotsRead(by: d).contains { $0 >= program.inputs.count && $0 < values.count && values[$0].isUnknown }
    }
}

extension Evaluator.Outcome {
    /// What an undetermined code waits for, as scripts and the REPL print it: `needs: size,
    /// mitoses`, or — when no input is missing — the causes (`bmi: division by zero (height = 0)`).
    public func waitsFor(_ u: (code: Int, needs: [Int]), _ p: Program) -> String {
        if !u.needs.isEmpty { return "needs: " + u.needs.map { p.inputs[$0].name }.joined(separator: ", ") }
        let causes = Evaluator(program: p, compile: false).undeterminedCauses(values)
        return causes.isEmpty ? "undetermined value" : causes.joined(separator: "; ")
    }
}
