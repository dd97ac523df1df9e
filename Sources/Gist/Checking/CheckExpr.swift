/// Type checking of expressions: names to slots, units to base units, and the rules for
/// which types combine.
extension Checker {
    func typeName(_ t: GType) -> String {
        switch t {
        case .enumeration(let e): return e < enums.count ? "\(enums[e].name)" : "enum"
        case .set(let e): return "set of " + (e < enums.count ? enums[e].name : "enum")
        case .quantity(let d): return d.rawValue
        case .number: return "number"
        case .count: return "count"
        case .bool: return "bool"
        case .string: return "string"
        case .error: return "<error>"
        }
    }

    /// Whether a value of type `t` may stand where `want` is expected.
    func compatible(_ t: GType, _ want: GType) -> Bool {
        if t == want || t == .error || want == .error { return true }
        switch (t, want) {
        case (.count, .number), (.number, .count): return true
        default: return false
        }
    }

    /// Whether two types can be compared with `<`, `==`, ….
    func comparable(_ a: GType, _ b: GType) -> Bool {
        if a == .error || b == .error { return true }
        switch (a, b) {
        case (.number, .number), (.number, .count), (.count, .number), (.count, .count): return true
        case let (.quantity(x), .quantity(y)): return x == y
        // A ratio written with a unit (`50 %`, `2 mg/kg`) is a number; a bare literal is
        // still refused beside it (checkCompare), so `fraction < 40` is not read as 4000 %.
        case (.quantity(.ratio), .number), (.number, .quantity(.ratio)),
             (.quantity(.ratio), .count), (.count, .quantity(.ratio)): return true
        default: return a == b
        }
    }

    mutating func reportIncompatible(_ a: GType, _ b: GType, at span: Span, context: String) {
        switch (a, b) {
        case (.quantity(let d), .number), (.number, .quantity(let d)):
            report(.missingUnit, "a plain number cannot be \(context == "compare" ? "compared" : "combined") with \(d.withArticle); give it a unit (e.g. \(exampleUnit(d)))", span)
        case (.quantity(let x), .quantity(let y)) where x != y:
            report(.unitMismatch, "cannot \(context) \(x.withArticle) with \(y.withArticle)", span)
        case (.quantity, .count), (.count, .quantity):
            // A count is a number of things, without dimension: against a length it is a
            // mismatch of dimensions (docs/language.md, "a length with a count").
            report(.unitMismatch, "cannot \(context) \(article(a)) with \(article(b))", span)
        default:
            report(.typeMismatch, "cannot \(context) \(typeName(a)) with \(typeName(b))", span)
        }
    }

    func exampleUnit(_ d: Dimension) -> String {
        switch d {
        case .length: return "5 cm"
        case .duration: return "1 year"
        case .mass: return "400 mg"
        case .dose: return "400 mg/day"
        case .ratio: return "50 %"
        default: return "1 " + (Units.names.first { Units.lookup($0)?.dimension == d } ?? d.baseUnit)
        }
    }

    mutating func reportNotMember(_ n: Name, _ e: Int) {
        report(.notAMember, "'\(n.text)' is not a member of enum '\(enums[e].name)'", n.span, notes: memberNotes(n.text, e))
    }

    /// "did you mean" (when a member is close), then the enum's members.
    func memberNotes(_ name: String, _ e: Int) -> [Diagnostic.Note] {
        let members = enums[e].members
        let shown = members.prefix(Self.membersListed).joined(separator: ", ") + (members.count > Self.membersListed ? ", …" : "")
        return suggestion(name, members) + [.text("the members of '\(enums[e].name)' are: \(shown)")]
    }

    /// How many members a not-a-member error lists.
    static let membersListed = 12

    /// Evaluates a closed expression at check time; reports it when it reads a slot.
    mutating func constant(_ ir: IR, _ span: Span, what: String) -> Value? {
        if !ir.slots.isEmpty {
            report(.notConstant, "\(what) must be a constant", span)
            return nil
        }
        return Evaluator.evaluateConstant(ir)
    }

    /// Checks an expression; `expected` guides bare enum members and `{…}` literals.
    ///
    /// This recurses once per level of the tree, so each case is handled in a function of its
    /// own: the frame of `check` stays small even in a debug build (the parser bounds the depth
    /// with `Parser.maxExpressionDepth`).
    mutating func check(_ e: Expr, expected: GType?) -> (IR, GType) {
        switch e.kind {
        case .error: return (.constant(.unknown), .error)
        case .paren(let inner): return check(inner, expected: expected)
        case .number(_, let text, let unit): return checkNumber(text, unit, e.span)
        case .string(let s): return (.constant(.string(s)), .string)
        case .bool(let b): return (.constant(.bool(b)), .bool)
        case .name(let n): return checkName(n, e.span, expected: expected)
        case .qualified(let en, let m): return checkQualified(en, m)
        case .setLiteral(let names): return checkSetLiteral(names, e.span, expected: expected)
        case .negate(let a): return checkNegate(a, e.span, expected: expected)
        case .arith(let op, let a, let b): return checkArith(op, a, b, e.span)
        case .and(let a, let b): return checkLogic(a, b, isAnd: true)
        case .or(let a, let b): return checkLogic(a, b, isAnd: false)
        case .not(let a): return checkNot(a)
        case .compare(let operands, let ops): return checkCompare(operands, ops)
        case .membership(let elem, let set, let negated): return checkMembership(elem, set, negated: negated)
        case .conditional(let c, let a, let b): return checkConditional(c, a, b, e.span, expected: expected)
        case .call(let f, let args): return checkCall(f, args, e.span)
        }
    }

    /// A numeral, read exactly from its text (`0.1` is 1/10), in base units when it has one.
    mutating func checkNumber(_ text: String, _ unit: Name?, _ span: Span) -> (IR, GType) {
        guard let v = Rational(decimal: text) else {
            report(.badNumber, "number '\(shortNumeral(text))' cannot be held exactly: numbers are exact fractions of at most 18 digits", span)
            return (.constant(.unknown), .error)
        }
        guard let unit else { return (.constant(.number(v)), .number) }
        guard let info = Units.lookup(unit.text) else {
            report(.unknownUnit, "unknown unit '\(unit.text)'", unit.span, notes: suggestion(unit.text, Units.names))
            return (.constant(.unknown), .error)
        }
        guard let base = Units.toBase(v, info) else {
            report(.badNumber, "'\(text) \(info.name)' cannot be held exactly in \(info.dimension.baseUnit) (too large or too fine)", span)
            return (.constant(.unknown), .error)
        }
        return (.constant(.number(base)), .quantity(info.dimension))
    }

    mutating func checkQualified(_ en: Name, _ m: Name) -> (IR, GType) {
        guard let ei = enumIndex[en.text] else {
            // `x.y` where x is not an enum.
            report(.unknownName, "unknown enum '\(en.text)'", en.span, notes: suggestion(en.text, enums.map(\.name)))
            return (.constant(.unknown), .error)
        }
        guard let mi = enums[ei].index(of: m.text) else {
            reportNotMember(m, ei)
            return (.constant(.unknown), .error)
        }
        return (.constant(.member(mi)), .enumeration(ei))
    }

    /// `{a, b}`: its enum comes from the context, else from the one enum holding all its members.
    mutating func checkSetLiteral(_ names: [Name], _ span: Span, expected: GType?) -> (IR, GType) {
        var elem: Int?
        if case .set(let x)? = expected { elem = x }
        if elem == nil, let first = names.first {
            let holdingAll = enums.indices.filter { e in names.allSatisfy { enums[e].index(of: $0.text) != nil } }
            let owners = enums.indices.filter { enums[$0].index(of: first.text) != nil }
            if holdingAll.count == 1 {
                elem = holdingAll[0]
            } else if holdingAll.count > 1 || owners.count > 1 {
                let candidates = holdingAll.count > 1 ? holdingAll : owners
                report(.ambiguousMember, "'\(first.text)' is a member of several enums (\(candidates.map { enums[$0].name }.joined(separator: ", "))), so the type of this set is not clear; declare it, e.g. 'let name: set of \(enums[candidates[0]].name) = …'", first.span)
                return (.constant(.unknown), .error)
            } else {
                elem = owners.first
            }
        }
        guard let ei = elem else {
            if names.isEmpty {
                report(.untypedSet, "the type of '{}' is not clear here", span)
            } else if let first = names.first {
                report(.unknownName, "unknown name '\(first.text)'", first.span, notes: suggestion(first.text, allMemberNames()))
            }
            return (.constant(.unknown), .error)
        }
        var mask: UInt64 = 0
        var ok = true
        for n in names {
            if let m = enums[ei].index(of: n.text) { mask |= 1 << UInt64(m) } else { reportNotMember(n, ei); ok = false }
        }
        return ok ? (.constant(.set(mask)), .set(ei)) : (.constant(.unknown), .error)
    }

    mutating func checkNegate(_ a: Expr, _ span: Span, expected: GType?) -> (IR, GType) {
        let (ir, t) = check(a, expected: expected)
        if !t.isNumeric, t != .error {
            report(.typeMismatch, "cannot negate \(typeName(t))", span)
            return (.constant(.unknown), .error)
        }
        return (.negate(ir), t == .count ? .number : t)
    }

    mutating func checkLogic(_ a: Expr, _ b: Expr, isAnd: Bool) -> (IR, GType) {
        let (x, tx) = checkBool(a)
        let (y, ty) = checkBool(b)
        let t: GType = tx == .error || ty == .error ? .error : .bool
        return (isAnd ? .and(x, y) : .or(x, y), t)
    }

    mutating func checkNot(_ a: Expr) -> (IR, GType) {
        let (x, t) = checkBool(a)
        return (.not(x), t)
    }

    mutating func checkCompare(_ operands: [Expr], _ ops: [CompareOp]) -> (IR, GType) {
        // Check non-literal operands first so bare enum members get their type from them.
        var checked = [(IR, GType)?](repeating: nil, count: operands.count)
        for (k, o) in operands.enumerated() where !isBareName(o) || isValueName(o) {
            checked[k] = check(o, expected: nil)
        }
        // Bare members take the first known type; when the others could not be typed (an
        // error reported already), the error type, so a member of a broken enum is not unknown.
        let typed = checked.compactMap { $0?.1 }
        let firstType = typed.first { $0 != .error } ?? (typed.isEmpty ? nil : .error)
        for (k, o) in operands.enumerated() where checked[k] == nil {
            checked[k] = check(o, expected: firstType)
        }
        let irs = checked.map { $0?.0 ?? .constant(.unknown) }
        let types = checked.map { $0?.1 ?? .error }
        var result: IR?
        var failed = false
        for (k, op) in ops.enumerated() {
            let (a, b) = (types[k], types[k + 1])
            if a == .error || b == .error { failed = true; continue }
            if !comparable(a, b) {
                reportIncompatible(a, b, at: operands[k].span.to(operands[k + 1].span), context: "compare")
                failed = true
                continue
            }
            if isBareNumber(operands[k]) && b == .quantity(.ratio) || isBareNumber(operands[k + 1]) && a == .quantity(.ratio) {
                report(.missingUnit, "a plain number cannot be compared with a ratio written with a unit; give it a unit (e.g. 50 %)",
                       operands[k].span.to(operands[k + 1].span))
                failed = true
                continue
            }
            if op != .eq, op != .ne, !a.isNumeric {
                report(.notOrdered, "'\(op.rawValue)' needs numbers or quantities, found \(typeName(a))", operands[k].span.to(operands[k + 1].span))
                failed = true
                continue
            }
            noteWrittenUnit(irs[k], operands[k + 1])
            noteWrittenUnit(irs[k + 1], operands[k])
            let c = IR.compare(op, irs[k], irs[k + 1])
            result = result.map { .and($0, c) } ?? c
        }
        if failed { return (.constant(.unknown), .error) }
        return (result ?? .constant(.unknown), .bool)
    }

    mutating func checkMembership(_ elem: Expr, _ set: Expr, negated: Bool) -> (IR, GType) {
        var elemIR: IR, setIR: IR
        var elemT: GType, setT: GType
        if case .setLiteral = set.kind {
            (elemIR, elemT) = check(elem, expected: nil)
            var want: GType?
            if case .enumeration(let x) = elemT { want = .set(x) }
            (setIR, setT) = check(set, expected: want)
        } else {
            (setIR, setT) = check(set, expected: nil)
            var want: GType?
            if case .set(let x) = setT { want = .enumeration(x) }
            (elemIR, elemT) = check(elem, expected: want)
        }
        if elemT == .error || setT == .error { return (.constant(.unknown), .error) }
        guard case .set(let s) = setT else {
            report(.typeMismatch, "'in' needs a set on its right, found \(typeName(setT))", set.span)
            return (.constant(.unknown), .error)
        }
        guard case .enumeration(let x) = elemT, x == s else {
            report(.typeMismatch, "cannot look for \(typeName(elemT)) in \(typeName(setT))", elem.span)
            return (.constant(.unknown), .error)
        }
        return (.member(elemIR, setIR, negated: negated), .bool)
    }

    mutating func checkConditional(_ c: Expr, _ a: Expr, _ b: Expr, _ span: Span, expected: GType?) -> (IR, GType) {
        let (ci, _) = checkBool(c)
        let (ai, at) = check(a, expected: expected)
        let (bi, bt) = check(b, expected: expected ?? (at == .error ? nil : at))
        if at == .error || bt == .error { return (.conditional(ci, ai, bi), .error) }
        if !compatible(at, bt) && !comparable(at, bt) {
            report(.typeMismatch, "both branches of 'if' must have one type, found \(typeName(at)) and \(typeName(bt))", span)
            return (.constant(.unknown), .error)
        }
        let t: GType = at == bt ? at : (at.isNumeric && bt.isNumeric ? .number : at)
        return (.conditional(ci, ai, bi), t)
    }

    /// Takes note of the unit `literal` is written in (`10 mg/kg`) as the unit `ir`, the other
    /// side of a comparison, is read in; the first comparison that shows one decides.
    mutating func noteWrittenUnit(_ ir: IR, _ literal: Expr) {
        guard writtenUnits[ir] == nil, !ir.slots.isEmpty else { return }
        var e = literal
        while true {
            switch e.kind {
            case .paren(let inner), .negate(let inner): e = inner; continue
            case .number(_, _, let unit?): if let u = Units.lookup(unit.text) { writtenUnits[ir] = u }
            default: break
            }
            return
        }
    }

    /// A number literal without a unit (`40`).
    func isBareNumber(_ e: Expr) -> Bool {
        switch e.kind {
        case .number(_, _, nil): return true
        case .paren(let inner), .negate(let inner): return isBareNumber(inner)
        default: return false
        }
    }

    func isBareName(_ e: Expr) -> Bool {
        if case .name = e.kind { return true }
        if case .setLiteral = e.kind { return true }
        return false
    }
    func isValueName(_ e: Expr) -> Bool {
        if case .name(let n) = e.kind { return inputIndex[n] != nil || letDecls[n] != nil || tableDecls[n] != nil || knownDerived[n] != nil }
        return false
    }

    mutating func checkBool(_ e: Expr) -> (IR, GType) {
        let (ir, t) = check(e, expected: .bool)
        if t != .bool, t != .error {
            report(.typeMismatch, "expected a condition (bool), found \(typeName(t))", e.span)
            return (ir, .error)
        }
        return (ir, t)
    }

    func allMemberNames() -> [String] { enums.flatMap(\.members) }

    mutating func checkName(_ n: String, _ span: Span, expected: GType?) -> (IR, GType) {
        if let d = knownDerived[n] { return (.slot(d.slot), d.type) }
        if let i = inputIndex[n] {
            usedNames.insert(n)
            return (.slot(i), inputs[i].type)
        }
        if letDecls[n] != nil || tableDecls[n] != nil {
            usedNames.insert(n)
            if let from = resolveStack.last, cycleUses.contains(CycleUse(from: from, to: n)) { return (.constant(.unknown), .error) }
            guard let (slot, t) = resolveDerived(n) else { return (.constant(.unknown), .error) }
            return (.slot(slot), t)
        }
        // An enum member, typed by context where two enums share the name.
        if case .enumeration(let e)? = expected, e < enums.count {
            if let m = enums[e].index(of: n) { return (.constant(.member(m)), .enumeration(e)) }
        }
        let owners = enums.indices.filter { enums[$0].index(of: n) != nil }
        if owners.count == 1 {
            let e = owners[0]
            if case .enumeration(let want)? = expected, want != e {
                report(.notAMember, "'\(n)' is not a member of enum '\(enums[want].name)'", span, notes: memberNotes(n, want))
                return (.constant(.unknown), .error)
            }
            return (.constant(.member(enums[e].index(of: n) ?? 0)), .enumeration(e))
        }
        if owners.count > 1 {
            report(.ambiguousMember, "'\(n)' is a member of several enums (\(owners.map { enums[$0].name }.joined(separator: ", "))); write it qualified, e.g. \(enums[owners[0]].name).\(n)", span)
            return (.constant(.unknown), .error)
        }
        var candidates = Array(inputIndex.keys) + Array(letDecls.keys) + Array(tableDecls.keys) + Array(knownDerived.keys)
        if case .enumeration(let e)? = expected, e < enums.count {
            report(.notAMember, "'\(n)' is not a member of enum '\(enums[e].name)'", span, notes: memberNotes(n, e))
            return (.constant(.unknown), .error)
        }
        // Case records accept yes/no for a bool; the language writes true/false.
        if expected == .bool, ["yes", "no"].contains(n.lowercased()) {
            report(.unknownName, "unknown name '\(n)'", span, 
                  notes: ["did you mean '\(n.lowercased() == "yes" ? "true" : "false")'?", "a bool is written true or false (case records also accept yes and no)"])
            return (.constant(.unknown), .error)
        }
        // A declaration the parser could not read, or a value whose type could not be read (a
        // member of an enum that is broken): reported already.
        if brokenNames.contains(n) || expected == .error { return (.constant(.unknown), .error) }
        candidates += allMemberNames()
        report(.unknownName, "unknown name '\(n)'", span, notes: suggestion(n, candidates))
        return (.constant(.unknown), .error)
    }

    mutating func checkArith(_ op: ArithOp, _ a: Expr, _ b: Expr, _ span: Span) -> (IR, GType) {
        let (x, tx) = check(a, expected: nil)
        let (y, ty) = check(b, expected: nil)
        if tx == .error || ty == .error { return (.constant(.unknown), .error) }
        guard tx.isNumeric, ty.isNumeric else {
            report(.typeMismatch, "'\(op.rawValue)' needs numbers or quantities, found \(typeName(tx)) and \(typeName(ty))", span)
            return (.constant(.unknown), .error)
        }
        let ir = IR.arith(op, x, y)
        if case .quantity(let d) = tx, d.isDate { return checkDateArith(op, ir, tx, ty, span) }
        if case .quantity(let d) = ty, d.isDate { return checkDateArith(op, ir, tx, ty, span) }
        switch op {
        case .add, .sub:
            if !comparable(tx, ty) {
                reportIncompatible(tx, ty, at: span, context: op == .add ? "add" : "subtract")
                return (.constant(.unknown), .error)
            }
            if tx == .count && ty == .count && op == .add { return (ir, .count) }
            if case .quantity(let d) = tx, !d.isRatio { return (ir, tx) }
            if case .quantity(let d) = ty, !d.isRatio { return (ir, ty) }
            return (ir, tx == ty ? tx : .number)
        case .mul, .div:
            switch (tx, ty) {
            case let (.quantity(d1), .quantity(d2)):
                // Dimensions multiply (`height * height` is an area; `weight / area` a mass
                // per area); a result with no dimension is a number (`size / 2 cm`).
                let d = op == .mul ? d1 * d2 : d1 / d2
                return (ir, d.isRatio ? .number : .quantity(d))
            case (.quantity, _): return (ir, tx)
            case (_, .quantity(let d)):
                // `number / quantity` has the inverse dimension (`1 / 1 day` is a frequency).
                return (ir, op == .mul ? ty : .quantity(Dimension.ratio / d))
            case (.count, .count) where op == .mul: return (ir, .count)
            default: return (ir, .number)
            }
        }
    }

    /// A type with its article: `a date`, `an area`, `number`.
    func article(_ t: GType) -> String {
        switch t {
        case .quantity(let d): return d.withArticle
        case .number, .count, .bool, .string: return "a " + typeName(t)
        default: return typeName(t)
        }
    }

    func verb(_ op: ArithOp) -> String {
        switch op {
        case .add: return "add"
        case .sub: return "subtract"
        case .mul: return "multiply"
        case .div: return "divide"
        }
    }

    /// Dates are points in time: `date - date` is a duration, `date ± duration` a date; nothing
    /// else combines with a date.
    mutating func checkDateArith(_ op: ArithOp, _ ir: IR, _ tx: GType, _ ty: GType, _ span: Span) -> (IR, GType) {
        switch (op, tx, ty) {
        case (.sub, .quantity(.date), .quantity(.date)): return (ir, .quantity(.duration))
        case (.add, .quantity(.date), .quantity(.duration)), (.sub, .quantity(.date), .quantity(.duration)),
             (.add, .quantity(.duration), .quantity(.date)):
            return (ir, .quantity(.date))
        default:
            let note: Diagnostic.Note = "a date minus a date is a duration (today - surgery_date >= 6 months); a date plus or minus a duration is a date"
            report(.unitMismatch, "cannot \(verb(op)) \(article(tx)) and \(article(ty))", span, notes: [note])
            return (.constant(.unknown), .error)
        }
    }
}
