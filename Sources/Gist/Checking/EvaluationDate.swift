/// `today`: the evaluation date. A guideline that reads it gets a hidden `date` input named
/// `today` after its own inputs; every engine then sees an ordinary input, and the case
/// binder fills it with the run's evaluation date (`gist run --as-of`, by default the current
/// date). A guideline that declares a value named `today` reads its own value instead.
extension Checker {
    static let evaluationDateName = "today"

    /// Declares the hidden input when `unit` reads `today` and `declared` has no such name;
    /// returns its slot.
    mutating func declareEvaluationDate(_ unit: SourceUnit, declared: Set<String>) -> Int? {
        let name = Checker.evaluationDateName
        guard !declared.contains(name), unit.readsName(name) else { return nil }
        let slot = inputs.count
        inputIndex[name] = slot
        usedNames.insert(name)
        inputs.append(InputInfo(name: name, type: .quantity(.date), unit: nil, defaultValue: nil, lower: nil, upper: nil,
                                doc: "the evaluation date (gist run --as-of; by default the current date)",
                                range: range(Span(0, 0))))
        return slot
    }
}

extension SourceUnit {
    /// Whether an expression of the guideline reads `name` (a value, not a member or a field).
    func readsName(_ name: String) -> Bool {
        var exprs: [Expr] = []
        func statements(_ body: [Stmt]) {
            for s in body {
                switch s {
                case .when(let w): exprs.append(w.condition); statements(w.body)
                case .first(let f):
                    for w in f.alternatives { exprs.append(w.condition); statements(w.body) }
                    if let o = f.otherwise { statements(o) }
                case .recommend, .follow: break
                }
            }
        }
        for item in items {
            switch item {
            case .input(let i): exprs += [i.defaultValue, i.range].compactMap { $0 }
            case .letDecl(let l): exprs.append(l.value)
            case .table(let t):
                exprs += t.columns
                for row in t.rows {
                    exprs.append(row.output)
                    for cell in row.cells {
                        switch cell.kind {
                        case .any, .oneOf: break
                        case .compare(_, let e), .equals(let e): exprs.append(e)
                        case .interval(let lo, _, let hi, _): exprs += [lo, hi]
                        }
                    }
                }
            case .pathway(let p): statements(p.body)
            case .header, .enumDecl, .recommendation, .evidenceScheme, .exclusive, .script: break
            }
        }
        // Without recursion: expressions may be deep.
        while let e = exprs.popLast() {
            switch e.kind {
            case .name(let n) where n == name: return true
            case .number, .string, .bool, .name, .qualified, .setLiteral, .error: break
            case .negate(let a), .not(let a), .paren(let a): exprs.append(a)
            case .arith(_, let a, let b), .and(let a, let b), .or(let a, let b), .membership(let a, let b, _): exprs += [a, b]
            case .compare(let operands, _): exprs += operands
            case .conditional(let c, let a, let b): exprs += [c, a, b]
            case .call(_, let args): exprs += args
            }
        }
        return false
    }
}

extension Program {
    /// The program evaluated on day `day` (days since 1970-01-01): its `today` input, when it
    /// reads one, has that day as its default, so every binder and engine sees it.
    public func evaluated(asOf day: Int) -> Program {
        guard let slot = todaySlot else { return self }
        var p = self
        let i = inputs[slot]
        p.inputs[slot] = InputInfo(name: i.name, type: i.type, unit: i.unit, defaultValue: .number(Rational(day)),
                                   lower: i.lower, upper: i.upper, doc: i.doc, range: i.range)
        return p
    }

    /// The evaluation date as `YYYY-MM-DD`, when the guideline reads `today` and one is set.
    public var evaluationDate: String? {
        guard let slot = todaySlot, case .number(let d)? = inputs[slot].defaultValue else { return nil }
        return CalendarDate.format(d)
    }
}
