/// A canonical text form of a syntax tree without source positions: two files with the same
/// dump mean the same thing (same declarations, expressions, parentheses and doc comments),
/// whatever their layout. `gist fmt` checks its output against it.
public enum SyntaxDump {
    public static func dump(_ unit: SourceUnit) -> String {
        var out: [String] = []
        for item in unit.items { out.append(dump(item)) }
        return out.joined(separator: "\n")
    }

    static func q(_ s: String) -> String {
        var r = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\t": r += "\\t"
            default: r.unicodeScalars.append(ch)
            }
        }
        return r + "\""
    }

    static func names(_ ns: [Name]) -> String { "[" + ns.map(\.text).joined(separator: " ") + "]" }
    static func doc(_ d: String?) -> String { d.map { " doc=" + q($0) } ?? "" }

    static func dump(_ item: Item) -> String {
        switch item {
        case .header(let h):
            return "(guideline \(q(h.name))" + h.fields.map { " (\($0.key.text) \(q($0.value)))" }.joined() + ")"
        case .enumDecl(let e):
            return "(enum \(e.name.text) \(names(e.members)))"
        case .input(let i):
            var s = "(input \(i.name.text) \(dump(i.type))"
            if let u = i.unit { s += " (in \(u.text))" }
            if i.fixed { s += " fixed" }
            if let d = i.defaultValue { s += " (default \(dump(d)))" }
            if let r = i.range { s += " (where \(dump(r)))" }
            return s + doc(i.doc) + ")"
        case .letDecl(let l):
            return "(let \(l.name.text)" + (l.type.map { " " + dump($0) } ?? "") + " \(dump(l.value))" + doc(l.doc) + ")"
        case .table(let t):
            var s = "(table \(t.name.text) \(dump(t.type)) \(t.policy.rawValue) (columns"
            for c in t.columns { s += " " + dump(c) }
            s += ")"
            for r in t.rows {
                s += " (row"
                for c in r.cells { s += " " + dump(c) }
                s += " => \(dump(r.output)))"
            }
            return s + doc(t.doc) + ")"
        case .recommendation(let r):
            return "(recommendation \(r.code.text) \(r.strength.rawValue) \(q(r.text)) (cite \(q(r.cite)))"
                + r.evidence.map { " (evidence \($0.scheme.text) \(names($0.values)))" }.joined()
                + (r.source.map { " (source \(q($0)))" } ?? "") + doc(r.doc) + ")"
        case .evidenceScheme(let e):
            return "(evidence \(e.name.text)" + e.dimensions.map { " (\($0.name.text) \(names($0.values)))" }.joined() + ")"
        case .exclusive(let e):
            return "(exclusive \(names(e.codes)))"
        case .pathway(let p):
            return "(pathway " + (p.name.map { $0.text + " " } ?? "") + dump(p.body) + ")"
        case .script(let s):
            return dump(s)
        }
    }

    static func dump(_ t: TypeRef) -> String {
        switch t.kind {
        case .named(let n): return n
        case .setOf(let e): return "(set-of \(e.text))"
        case .inlineEnum(let ms): return "(one-of \(names(ms)))"
        }
    }

    static func dump(_ c: Cell) -> String {
        switch c.kind {
        case .any: return "any"
        case .compare(let op, let e): return "(\(op.rawValue) \(dump(e)))"
        case .interval(let lo, let loOpen, let hi, let hiOpen):
            return "(\(loOpen ? "(" : "[") \(dump(lo)) \(dump(hi)) \(hiOpen ? ")" : "]"))"
        case .equals(let e): return "(= \(dump(e)))"
        case .oneOf(let ns, let negated): return "(\(negated ? "none-of" : "one-of") \(names(ns)))"
        }
    }

    static func dump(_ stmts: [Stmt]) -> String {
        "[" + stmts.map(dump).joined(separator: " ") + "]"
    }

    static func dump(_ s: Stmt) -> String {
        switch s {
        case .when(let w): return "(when \(dump(w.condition))\(because(w.because)) \(dump(w.body)))"
        case .first(let f):
            var r = "(first"
            for a in f.alternatives { r += " (when \(dump(a.condition))\(because(a.because)) \(dump(a.body)))" }
            if let o = f.otherwise { r += " (otherwise\(because(f.otherwiseBecause)) \(dump(o)))" }
            return r + ")"
        case .recommend(let codes, _, let reason): return "(recommend \(names(codes))\(because(reason)))"
        case .follow(let name, _): return "(follow \(name.text))"
        }
    }

    static func because(_ reason: String?) -> String { reason.map { " (because \(q($0)))" } ?? "" }

    static func dump(_ fields: [FieldAssignment]) -> String {
        "{" + fields.map { "\($0.name.text): \(dump($0.value))" }.joined(separator: ", ") + "}"
    }

    static func dump(_ s: ScriptStmt) -> String {
        switch s {
        case .use(let p, _): return "(use \(q(p)))"
        case .caseDef(let n, let fs, _): return "(case \(n.text) \(dump(fs)))"
        case .cases(let p, _): return "(cases \(q(p)))"
        case .expect(let n, let e, _):
            let x: String
            switch e {
            case .recommends(let cs, let exactly): x = "recommends\(exactly ? "-exactly" : "") \(names(cs))"
            case .notRecommends(let cs): x = "not-recommends \(names(cs))"
            case .undetermined(let cs): x = "undetermined \(names(cs))"
            case .holds(let e): x = "holds \(dump(e))"
            }
            return "(expect \(n.text) \(x))"
        case .whatIf(let n, let fs, _): return "(what-if \(n.text) \(dump(fs)))"
        case .printCase(let n, _): return "(print \(n.text))"
        case .printValue(let e, let n, _): return "(print \(dump(e)) of \(n.text))"
        case .eval(let e, _): return "(eval \(dump(e)))"
        }
    }

    static func dump(_ e: Expr) -> String {
        // Left-nested chains of binary operators (`a and b and c`, `a + b - c`) can be
        // thousands long: walk their left spine in a loop.
        var spine: [(String, Expr)] = []
        var cur = e
        while true {
            switch cur.kind {
            case .and(let a, let b): spine.append(("and", b)); cur = a; continue
            case .or(let a, let b): spine.append(("or", b)); cur = a; continue
            case .arith(let op, let a, let b): spine.append((op.rawValue, b)); cur = a; continue
            default: break
            }
            break
        }
        if spine.isEmpty { return dumpNode(e) }
        return spine.map { "(\($0.0) " }.joined() + dumpNode(cur) + spine.reversed().map { " \(dump($0.1)))" }.joined()
    }

    static func dumpNode(_ e: Expr) -> String {
        switch e.kind {
        case .number(let v, let text, let unit): return "(num \(text) \(v)" + (unit.map { " " + $0.text } ?? "") + ")"
        case .string(let s): return q(s)
        case .bool(let b): return b ? "true" : "false"
        case .name(let n): return n
        case .qualified(let a, let b): return "\(a.text).\(b.text)"
        case .setLiteral(let ns): return "(set \(names(ns)))"
        case .negate(let x): return "(neg \(dump(x)))"
        case .arith(let op, let a, let b): return "(\(op.rawValue) \(dump(a)) \(dump(b)))"
        case .and(let a, let b): return "(and \(dump(a)) \(dump(b)))"
        case .or(let a, let b): return "(or \(dump(a)) \(dump(b)))"
        case .not(let x): return "(not \(dump(x)))"
        case .compare(let xs, let ops):
            var s = "(compare " + (xs.first.map(dump) ?? "")
            for (i, op) in ops.enumerated() where i + 1 < xs.count { s += " \(op.rawValue) \(dump(xs[i + 1]))" }
            return s + ")"
        case .membership(let x, let set, let negated): return "(\(negated ? "not-in" : "in") \(dump(x)) \(dump(set)))"
        case .conditional(let c, let a, let b): return "(if \(dump(c)) \(dump(a)) \(dump(b)))"
        case .paren(let x): return "(paren \(dump(x)))"
        case .call(let f, let args): return "(call \(f.text)" + args.map { " " + dump($0) }.joined() + ")"
        case .error: return "(error)"
        }
    }
}
