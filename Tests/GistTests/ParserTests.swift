import Testing
@testable import Gist

/// An expression as an S-expression, without spans: `(or a (and b (not c)))`.
func sexpr(_ e: Expr) -> String {
    switch e.kind {
    case .number(let v, let text, let unit):
        _ = v
        return unit.map { "\(text)\($0.text)" } ?? text
    case .string(let s): return "\"\(s)\""
    case .bool(let b): return b ? "true" : "false"
    case .name(let n): return n
    case .qualified(let a, let b): return "\(a.text).\(b.text)"
    case .setLiteral(let names): return "{" + names.map(\.text).joined(separator: " ") + "}"
    case .negate(let a): return "(neg \(sexpr(a)))"
    case .arith(let op, let a, let b): return "(\(op.rawValue) \(sexpr(a)) \(sexpr(b)))"
    case .and(let a, let b): return "(and \(sexpr(a)) \(sexpr(b)))"
    case .or(let a, let b): return "(or \(sexpr(a)) \(sexpr(b)))"
    case .not(let a): return "(not \(sexpr(a)))"
    case .compare(let xs, let ops):
        var parts = [sexpr(xs[0])]
        for (k, op) in ops.enumerated() { parts += [op.rawValue, sexpr(xs[k + 1])] }
        return "(cmp " + parts.joined(separator: " ") + ")"
    case .membership(let a, let b, let negated): return "(\(negated ? "notin" : "in") \(sexpr(a)) \(sexpr(b)))"
    case .conditional(let c, let a, let b): return "(if \(sexpr(c)) \(sexpr(a)) \(sexpr(b)))"
    case .paren(let a): return "(paren \(sexpr(a)))"
    case .call(let f, let args): return "(\(f.text) " + args.map(sexpr).joined(separator: " ") + ")"
    case .error: return "<error>"
    }
}

func cellText(_ c: Cell) -> String {
    switch c.kind {
    case .any: return "any"
    case .compare(let op, let e): return "\(op.rawValue)\(sexpr(e))"
    case .interval(let lo, let loOpen, let hi, let hiOpen):
        return (loOpen ? "(" : "[") + sexpr(lo) + ".." + sexpr(hi) + (hiOpen ? ")" : "]")
    case .equals(let e): return "=\(sexpr(e))"
    case .oneOf(let names, let negated): return (negated ? "not" : "") + "{" + names.map(\.text).joined(separator: " ") + "}"
    }
}

/// The expression of `let x = TEXT`, parsed alone.
private func expr(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let (unit, diags) = parse("let x = " + text)
    #expect(diags.isEmpty, "\(diags.map { $0.rendered() })", sourceLocation: sourceLocation)
    guard case .letDecl(let l)? = unit.items.first else { return "<no let>" }
    return sexpr(l.value)
}

private func statements(_ body: [Stmt]) -> String {
    body.map { s -> String in
        switch s {
        case .when(let w): return "when \(sexpr(w.condition)) {\(statements(w.body))}"
        case .first(let f):
            var parts = f.alternatives.map { "when \(sexpr($0.condition)) {\(statements($0.body))}" }
            if let o = f.otherwise { parts.append("otherwise {\(statements(o))}") }
            return "first {" + parts.joined(separator: " ") + "}"
        case .recommend(let codes, _, let because):
            return "recommend " + codes.map(\.text).joined(separator: ",") + (because.map { " because \($0)" } ?? "")
        case .follow(let name, _): return "follow \(name.text)"
        }
    }.joined(separator: "; ")
}

@Suite struct ParserTests {
    // MARK: declarations

    @Test func header() throws {
        let (unit, diags) = parse("guideline \"GIST — guide\" {\n  version \"2017-05-17\"\n  date \"2017-05-18\"\n  source \"ACS\"\n}")
        #expect(diags.isEmpty)
        guard case .header(let h)? = unit.items.first else { Issue.record("no header"); return }
        #expect(h.name == "GIST — guide")
        #expect(h.fields.map(\.key.text) == ["version", "date", "source"])
        #expect(h.value("version") == "2017-05-17")
        #expect(h.value("date") == "2017-05-18")
        #expect(h.value("source") == "ACS")
        #expect(unit.isGuideline)
    }

    @Test func headerRejectsOtherFields() {
        let (_, diags) = parse("guideline \"G\" {\n  author \"me\"\n}")
        #expect(diags.map(\.id) == ["syntax"])
        #expect(diags.first?.message == "expected 'version', 'date' or 'source' in the guideline header, found 'author'")
    }

    @Test func enumDeclaration() {
        let (unit, diags) = parse("enum site = stomach | small_intestine | other")
        #expect(diags.isEmpty)
        guard case .enumDecl(let e)? = unit.items.first else { Issue.record("no enum"); return }
        #expect(e.name.text == "site")
        #expect(e.members.map(\.text) == ["stomach", "small_intestine", "other"])
    }

    @Test func inputDeclarations() {
        let text = """
        # Greatest dimension.
        # In cm.
        input size: length in cm where 0 cm < size <= 100 cm
        input mitoses: count where mitoses <= 1000       # per 5 mm²
        input spread: localized | metastatic | recurrent
        input symptomatic: bool = false
        input failed: set of drug = {}
        input dose: dose in mg/day = 400 mg/day
        """
        let (unit, diags) = parse(text)
        #expect(diags.isEmpty)
        let inputs = unit.items.compactMap { if case .input(let i) = $0 { i } else { nil } }
        #expect(inputs.map(\.name.text) == ["size", "mitoses", "spread", "symptomatic", "failed", "dose"])
        #expect(inputs[0].type.kind == .named("length"))
        #expect(inputs[0].unit?.text == "cm")
        #expect(inputs[0].range.map(sexpr) == "(cmp 0cm < size <= 100cm)")
        #expect(inputs[0].defaultValue == nil)
        #expect(inputs[0].doc == "Greatest dimension. In cm.")
        #expect(inputs[1].doc == "per 5 mm²")
        #expect(inputs[1].unit == nil)
        guard case .inlineEnum(let members) = inputs[2].type.kind else { Issue.record("not inline"); return }
        #expect(members.map(\.text) == ["localized", "metastatic", "recurrent"])
        #expect(inputs[2].doc == nil)
        #expect(inputs[3].defaultValue.map(sexpr) == "false")
        guard case .setOf(let e) = inputs[4].type.kind else { Issue.record("not a set"); return }
        #expect(e.text == "drug")
        #expect(inputs[4].defaultValue.map(sexpr) == "{}")
        #expect(inputs[5].unit?.text == "mg/day")
        #expect(inputs[5].defaultValue.map(sexpr) == "400mg/day")
    }

    /// `fixed` after the type (and unit): a fact why-not must not move; a name elsewhere.
    @Test func fixedInputs() {
        let text = """
        input site: site fixed
        input spread: localized | metastatic fixed = localized
        input size: length in cm fixed where size > 0 cm
        input fixed: bool
        input mitoses: count
        """
        let (unit, diags) = parse(text)
        #expect(diags.isEmpty)
        let inputs = unit.items.compactMap { if case .input(let i) = $0 { i } else { nil } }
        #expect(inputs.map(\.fixed) == [true, true, true, false, false])
        guard case .inlineEnum(let members) = inputs[1].type.kind else { Issue.record("not inline"); return }
        #expect(members.map(\.text) == ["localized", "metastatic"])
        #expect(inputs[1].defaultValue.map(sexpr) == "localized")
        #expect(inputs[2].unit?.text == "cm")
        #expect(inputs[2].range.map(sexpr) == "(cmp size > 0cm)")
        #expect(inputs[3].name.text == "fixed")
    }

    @Test func letDeclarations() {
        let (unit, diags) = parse("let nongastric = site != stomach\nlet long_course: bool = failed_count >= 2\nlet band = if size <= 5 cm then small else large")
        #expect(diags.isEmpty)
        let lets = unit.items.compactMap { if case .letDecl(let l) = $0 { l } else { nil } }
        #expect(lets.map(\.name.text) == ["nongastric", "long_course", "band"])
        #expect(lets.map { sexpr($0.value) } == [
            "(cmp site != stomach)", "(cmp failed_count >= 2)", "(if (cmp size <= 5cm) small large)",
        ])
        #expect(lets[0].type == nil)
        #expect(lets[1].type?.kind == .named("bool"))
    }

    @Test func decisionTable() {
        let text = """
        # AFIP risk.
        table afip_risk: afip_level first {
          | size          | mitoses | site                          | imatinib in failed |
          | <= 2 cm       | <= 5    | any                           | -     | => none
          | (2 cm..5 cm]  | > 5     | stomach                       | true  | => very_low
          | [2 cm..5 cm)  | == 5    | {small_intestine, esophagus}  | false | => low
          | (5 cm..10 cm) | != 3    | not {stomach}                 | any   | => moderate
          | [10 cm..20 cm]| >= 1    | site.stomach                  | any   | => high
        }
        """
        let (unit, diags) = parse(text)
        #expect(diags.isEmpty, "\(diags.map { $0.rendered() })")
        guard case .table(let t)? = unit.items.first else { Issue.record("no table"); return }
        #expect(t.name.text == "afip_risk")
        #expect(t.type.kind == .named("afip_level"))
        #expect(t.policy == .first)
        #expect(t.doc == "AFIP risk.")
        #expect(t.columns.map(sexpr) == ["size", "mitoses", "site", "(in imatinib failed)"])
        #expect(t.rows.map { $0.cells.map(cellText) } == [
            ["<=2cm", "<=5", "any", "any"],
            ["(2cm..5cm]", ">5", "=stomach", "=true"],
            ["[2cm..5cm)", "==5", "{small_intestine esophagus}", "=false"],
            ["(5cm..10cm)", "!=3", "not{stomach}", "any"],
            ["[10cm..20cm]", ">=1", "=site.stomach", "any"],
        ])
        #expect(t.rows.map { sexpr($0.output) } == ["none", "very_low", "low", "moderate", "high"])
    }

    @Test func tablePoliciesAndSetTypes() {
        let (unit, diags) = parse("""
        table a: band unique {
          | x |
          | 1 | => low
        }
        table b: set of flag collect {
          | x |
          | (1 + 2) | => big
        }
        """)
        #expect(diags.isEmpty)
        let tables = unit.items.compactMap { if case .table(let t) = $0 { t } else { nil } }
        #expect(tables.map(\.policy) == [.unique, .collect])
        guard case .setOf(let e) = tables[1].type.kind else { Issue.record("not a set"); return }
        #expect(e.text == "flag")
        // A parenthesised expression in a cell is an expression, not an interval.
        #expect(tables[1].rows[0].cells.map(cellText) == ["=(paren (+ 1 2))"])
    }

    @Test func tableRowWithoutOutputIsAnError() {
        let (_, diags) = parse("table a: band first {\n  | x |\n  | 1 |\n}")
        #expect(diags.map(\.id) == ["syntax"])
        #expect(diags.first?.message == "expected '=> output' at the end of the row")
    }

    @Test func recommendations() {
        let (unit, diags) = parse("""
        # Doc.
        recommendation surveillance: option
          "Watch the tumour."
          cite "Treatment choices"
        recommendation surgery: recommend "Operate." cite "Surgery" source "NCCN 2024"
        recommendation a: consider "A." cite "S"
        recommendation b: avoid "B." cite "S"
        exclusive surveillance, surgery, a
        """)
        #expect(diags.isEmpty)
        let recs = unit.items.compactMap { if case .recommendation(let r) = $0 { r } else { nil } }
        #expect(recs.map(\.code.text) == ["surveillance", "surgery", "a", "b"])
        #expect(recs.map(\.strength) == [.option, .recommend, .consider, .avoid])
        #expect(recs[0].text == "Watch the tumour.")
        #expect(recs[0].cite == "Treatment choices")
        #expect(recs[0].source == nil)
        #expect(recs[0].doc == "Doc.")
        #expect(recs[1].source == "NCCN 2024")
        guard case .exclusive(let x)? = unit.items.last else { Issue.record("no exclusive"); return }
        #expect(x.codes.map(\.text) == ["surveillance", "surgery", "a"])
    }

    @Test func unknownStrengthIsAnError() {
        let (_, diags) = parse("recommendation a: maybe \"A.\" cite \"S\"")
        #expect(diags.map(\.id) == ["syntax"])
        #expect(diags.first?.message == "expected a strength ('recommend', 'option', 'consider' or 'avoid'), found 'maybe'")
    }

    @Test func pathway() {
        let (unit, diags) = parse("""
        pathway {
          when spread == localized {
            when size < 2 cm and not symptomatic { recommend surveillance }
            when resectability == resectable {
              recommend surgery
              when afip_risk == high { recommend adjuvant }
            }
          }
          when spread in {metastatic, recurrent} {
            first {
              when imatinib not in failed  { recommend imatinib }
              when sunitinib not in failed { recommend sunitinib, trial }
              otherwise                    { recommend clinical_trial }
            }
          }
          first { when a { } }
        }
        """)
        #expect(diags.isEmpty)
        guard case .pathway(let p)? = unit.items.first else { Issue.record("no pathway"); return }
        #expect(statements(p.body) == """
        when (cmp spread == localized) {when (and (cmp size < 2cm) (not symptomatic)) {recommend surveillance}; \
        when (cmp resectability == resectable) {recommend surgery; when (cmp afip_risk == high) {recommend adjuvant}}}; \
        when (in spread {metastatic recurrent}) {first {when (notin imatinib failed) {recommend imatinib} \
        when (notin sunitinib failed) {recommend sunitinib,trial} otherwise {recommend clinical_trial}}}; \
        first {when a {}}
        """)
    }

    // MARK: expressions

    @Test func precedence() {
        #expect(expr("a or b and not c") == "(or a (and b (not c)))")
        #expect(expr("not a and b") == "(and (not a) b)")
        #expect(expr("not not a") == "(not (not a))")
        #expect(expr("a or b or c") == "(or (or a b) c)")
        #expect(expr("1 + 2 * 3 - 4 / 5") == "(- (+ 1 (* 2 3)) (/ 4 5))")
        #expect(expr("-a * b") == "(* (neg a) b)")
        #expect(expr("- - 1") == "(neg (neg 1))")
        #expect(expr("(a or b) and c") == "(and (paren (or a b)) c)")
        #expect(expr("x + 1 > y and z") == "(and (cmp (+ x 1) > y) z)")
        #expect(expr("if a then b else c or d") == "(if a b (or c d))")
        #expect(expr("if a then if b then 1 else 2 else 3") == "(if a (if b 1 2) 3)")
    }

    @Test func chainedComparisons() {
        #expect(expr("2 cm < size <= 5 cm") == "(cmp 2cm < size <= 5cm)")
        #expect(expr("a == b") == "(cmp a == b)")
        #expect(expr("a ≤ b ≠ c ≥ d") == "(cmp a <= b != c >= d)")
    }

    @Test func membership() {
        #expect(expr("imatinib in failed") == "(in imatinib failed)")
        #expect(expr("site not in {stomach, duodenum}") == "(notin site {stomach duodenum})")
        #expect(expr("not site in {}") == "(not (in site {}))")
    }

    @Test func literalsAndNames() {
        #expect(expr("2 cm") == "2cm")
        #expect(expr("45mm") == "45mm")
        #expect(expr("0.25") == "0.25")
        #expect(expr("800 mg/day") == "800mg/day")
        #expect(expr("3 years") == "3years")
        #expect(expr("\"text\"") == "\"text\"")
        #expect(expr("true") == "true")
        #expect(expr("site.stomach") == "site.stomach")
        #expect(expr("{a, b, c}") == "{a b c}")
    }

    @Test func numberValueAndUnitSpan() {
        let (unit, _) = parse("let x = 12.5 mg/day")
        guard case .letDecl(let l)? = unit.items.first, case .number(let v, let text, let u) = l.value.kind else {
            Issue.record("no number"); return
        }
        #expect(v == 12.5)
        #expect(text == "12.5")
        #expect(u?.text == "mg/day")
        #expect(l.value.span == Span(8, 19))
    }

    @Test func unitOnTheNextLineIsNotAttached() {
        // `cm` on its own line starts a new statement, so it is not the number's unit.
        let (unit, _) = parse("let x = 2\nlet y = cm")
        guard case .letDecl(let l)? = unit.items.first else { Issue.record("no let"); return }
        #expect(sexpr(l.value) == "2")
    }

    @Test func singleEqualsInAComparisonChain() {
        let (_, diags) = parse("let x = a < b = c")
        #expect(diags.map(\.id) == ["syntax"])
        #expect(diags.first?.message == "'=' is not a comparison; use '=='")
    }

    @Test func singleEqualsAsTheOnlyOperator() {
        // `when x = 5 {` is the common slip; the helpful message should say to use '=='.
        let (unit, diags) = parse("pathway { when mitoses = 5 { recommend a } }")
        #expect(diags.count == 1)
        #expect(diags.first?.message == "'=' is not a comparison; use '=='")
        #expect(diags.first?.range?.span == Span(23, 24))
        // It is read as '==', so the rest parses.
        guard case .pathway(let p)? = unit.items.first else { Issue.record("no pathway"); return }
        #expect(statements(p.body) == "when (cmp mitoses == 5) {recommend a}")
    }

    @Test func conditionalNeedsElse() {
        let (_, diags) = parse("let x = if a then b")
        #expect(diags.map(\.id) == ["syntax"])
        #expect(diags.first?.message == "expected 'else' (a conditional needs both branches), found end of file")
    }

    @Test func reservedWordAsName() {
        let (_, diags) = parse("input when: bool\nlet and = 1\nenum x = a | not")
        #expect(diags.map(\.id) == ["reserved-word", "reserved-word", "reserved-word"])
        #expect(diags.map(\.message) == [
            "'when' is a reserved word and cannot be used as the input's name",
            "'and' is a reserved word and cannot be used as the name of the value",
            "'not' is a reserved word and cannot be used as an enum member",
        ])
    }

    @Test func contextualWordsAreNames() {
        let (unit, diags) = parse("input version: count\nlet source = unique + collect\nenum e = of | exactly")
        #expect(diags.isEmpty)
        #expect(unit.items.count == 3)
    }

    // MARK: scripts

    @Test func scriptStatements() {
        let (unit, diags) = parse("""
        use "../acs.gist"
        case small { size: 1.5 cm, site: stomach,
                     failed: {imatinib}
                     spread: localized }
        cases "cases.jsonl"
        expect small recommends a, b
        expect small recommends exactly {a, b}
        expect small not recommends c
        expect small undetermined d
        expect small afip_risk == none
        what if small { size: 6 cm }
        print small
        print afip_risk of small
        """)
        #expect(diags.isEmpty, "\(diags.map { $0.rendered() })")
        #expect(!unit.isGuideline)
        let stmts = unit.items.compactMap { if case .script(let s) = $0 { s } else { nil } }
        #expect(stmts.count == 11)
        guard stmts.count == 11 else { return }
        if case .use(let path, _) = stmts[0] { #expect(path == "../acs.gist") } else { Issue.record("use") }
        if case .caseDef(let n, let fields, _) = stmts[1] {
            #expect(n.text == "small")
            #expect(fields.map(\.name.text) == ["size", "site", "failed", "spread"])
            #expect(fields.map { sexpr($0.value) } == ["1.5cm", "stomach", "{imatinib}", "localized"])
        } else { Issue.record("case") }
        if case .cases(let path, _) = stmts[2] { #expect(path == "cases.jsonl") } else { Issue.record("cases") }
        if case .expect(let n, .recommends(let codes, let exactly), _) = stmts[3] {
            #expect(n.text == "small"); #expect(codes.map(\.text) == ["a", "b"]); #expect(!exactly)
        } else { Issue.record("recommends") }
        if case .expect(_, .recommends(let codes, let exactly), _) = stmts[4] {
            #expect(codes.map(\.text) == ["a", "b"]); #expect(exactly)
        } else { Issue.record("recommends exactly") }
        if case .expect(_, .notRecommends(let codes), _) = stmts[5] { #expect(codes.map(\.text) == ["c"]) } else { Issue.record("not recommends") }
        if case .expect(_, .undetermined(let codes), _) = stmts[6] { #expect(codes.map(\.text) == ["d"]) } else { Issue.record("undetermined") }
        if case .expect(_, .holds(let e), _) = stmts[7] { #expect(sexpr(e) == "(cmp afip_risk == none)") } else { Issue.record("holds") }
        if case .whatIf(let n, let fields, _) = stmts[8] {
            #expect(n.text == "small"); #expect(fields.map { sexpr($0.value) } == ["6cm"])
        } else { Issue.record("what if") }
        if case .printCase(let n, _) = stmts[9] { #expect(n.text == "small") } else { Issue.record("print case") }
        if case .printValue(let e, let n, _) = stmts[10] {
            #expect(sexpr(e) == "afip_risk"); #expect(n.text == "small")
        } else { Issue.record("print value") }
    }

    // MARK: recovery and limits

    @Test func threeSeparateSyntaxErrorsAreAllReported() {
        let text = """
        input size length in cm
        let x = 1 + )
        enum site stomach
        input ok: bool
        """
        let (unit, diags) = parse(text)
        #expect(diags.map(\.id) == ["syntax", "syntax", "syntax"])
        #expect(diags.map { $0.range!.line } == [1, 2, 3])
        #expect(diags.map(\.message) == [
            "expected ':' after the input's name, found 'length'",
            "expected an expression, found ')'",
            "expected '=' after the enum's name, found 'stomach'",
        ])
        // The last, correct declaration is still read, and so is the 'let' with a broken value
        // (an error node stands for the value, so uses of 'x' are not unknown names).
        #expect(unit.items.count == 2)
        guard case .letDecl(let x)? = unit.items.first else { Issue.record("no let"); return }
        #expect(x.name.text == "x")
        if case .error = x.value.kind {} else { Issue.record("the broken value is not an error node") }
    }

    @Test func recoveryInsideAPathwayBlock() {
        let (unit, diags) = parse("""
        pathway {
          when a  recommend x
          when b { recommend y }
          when c { recommend + }
          when d { recommend z }
        }
        input e: bool
        """)
        #expect(diags.map(\.id) == ["syntax", "syntax"])
        #expect(diags.map { $0.range!.line } == [2, 4])
        guard case .pathway(let p)? = unit.items.first else { Issue.record("no pathway"); return }
                // The bad `recommend` is dropped; its block is kept.
        #expect(statements(p.body) == "when b {recommend y}; when c {}; when d {recommend z}")
        #expect(unit.items.count == 2)
    }

    @Test func otherwiseNotLastIsReportedOnce() {
        let (_, diags) = parse("""
        pathway {
          first {
            when a { recommend x }
            otherwise { recommend y }
            when b { recommend z }
          }
        }
        """)
        #expect(diags.first?.id == "otherwise-not-last")
        #expect(diags.count == 1)
    }

    @Test func recoveryInsideFirst() {
        let (unit, diags) = parse("""
        pathway {
          first {
            when a { recommend x }
            bogus
            when + { recommend y }
            when b { recommend z }
            otherwise { recommend w }
          }
          recommend v
        }
        input e: bool
        """)
        #expect(diags.map(\.id) == ["syntax", "syntax"])
        #expect(diags.map { $0.range!.line } == [4, 5])
        guard case .pathway(let p)? = unit.items.first else { Issue.record("no pathway"); return }
        #expect(statements(p.body) == "first {when a {recommend x} when b {recommend z} otherwise {recommend w}}; recommend v")
        #expect(unit.items.count == 2)
    }

    @Test func duplicateOtherwiseIsReportedOnce() {
        let (_, diags) = parse("""
        pathway {
          first {
            when a { recommend x }
            otherwise { recommend y }
            otherwise { recommend z }
          }
        }
        """)
        #expect(diags.first?.id == "duplicate-otherwise")
        #expect(diags.count == 1)
    }

    @Test func tenThousandParenthesesAreTooDeep() {
        let text = "let x = " + String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)
        let (_, diags) = parse(text)
        #expect(diags.map(\.id) == ["too-deep"])
        #expect(diags.first?.message == "nesting is deeper than \(Parser.maxDepth) levels")
    }

    @Test func tooDeepUnaryAndNotAndBlocks() {
        for text in [
            "let x = " + String(repeating: "not ", count: 10_000) + "a",
            "let x = " + String(repeating: "-", count: 10_000) + "1",
            "let x = " + String(repeating: "if a then ", count: 10_000) + "1",
            "pathway " + String(repeating: "{ when a ", count: 10_000) + String(repeating: "}", count: 10_000),
        ] {
            let (_, diags) = parse(text)
            #expect(diags.map(\.id) == ["too-deep"], "\(text.prefix(30))")
        }
    }

    @Test func moderateNestingIsFine() {
        let text = "let x = " + String(repeating: "(", count: 50) + "a" + String(repeating: ")", count: 50)
        let (unit, diags) = parse(text)
        #expect(diags.isEmpty)
        #expect(unit.items.count == 1)
    }

    @Test func nestingLimitCountsLevels() {
        // 150 nested parentheses are 150 levels, within the limit the message states.
        let text = "let x = " + String(repeating: "(", count: 150) + "a" + String(repeating: ")", count: 150)
        #expect(parse(text).diagnostics.isEmpty)
        // Exactly the limit is fine, one more is reported at the parenthesis that goes over.
        let limit = Parser.maxDepth
        #expect(parse("let x = " + String(repeating: "(", count: limit) + "a" + String(repeating: ")", count: limit)).diagnostics.isEmpty)
        let over = parse("let x = " + String(repeating: "(", count: limit + 1) + "a" + String(repeating: ")", count: limit + 1)).diagnostics
        #expect(over.map(\.id) == ["too-deep"])
        #expect(over.first?.range?.span == Span(8 + limit, 9 + limit))
        #expect(parse("let x = " + String(repeating: "not ", count: limit) + "a").diagnostics.isEmpty)
        #expect(parse("let x = " + String(repeating: "not ", count: limit + 1) + "a").diagnostics.map(\.id) == ["too-deep"])
    }

    @Test func longChainsAreLimited() {
        let limit = Parser.maxExpressionDepth
        // `a and a and …` with `limit` levels is fine; one more operator is too deep.
        let ok = parse("let x = a" + String(repeating: " and a", count: limit - 1))
        #expect(ok.diagnostics.isEmpty)
        guard case .letDecl(let l)? = ok.unit.items.first else { Issue.record("no let"); return }
        #expect(l.value.depth == limit)
        let (unit, diags) = parse("input a: bool\nlet x = a" + String(repeating: " and a", count: limit) + "\nlet y = a")
        #expect(diags.map(\.id) == ["too-deep"])
        #expect(diags.first?.message == "expression has more than \(limit) levels of operators; split it into several 'let's")
        // Reported at the operator that goes over; parsing stops there.
        #expect(diags.first?.range.map { $0.file.text(of: $0.span) } == "and")
        #expect(diags.first?.range?.column == 6 * limit + 5)
        #expect(unit.stoppedEarly)
        #expect(unit.items.count == 1)
        // Other chains count the same way; nesting adds to a chain.
        for text in [
            "let x = n" + String(repeating: " + 1", count: limit),
            "let x = n" + String(repeating: " * 2", count: limit),
            "let x = a" + String(repeating: " or a", count: limit),
            "let x = 1" + String(repeating: " < 2", count: limit),
            "let x = 1 < 2" + String(repeating: " and a", count: limit - 1),
            "let x = not (a" + String(repeating: " and a", count: limit - 2) + ")",
        ] {
            #expect(parse(text).diagnostics.map(\.id) == ["too-deep"], "\(text.prefix(20))")
        }
        #expect(parse("let x = n" + String(repeating: " + 1", count: limit - 1)).diagnostics.isEmpty)
        #expect(parse("let x = 1" + String(repeating: " < 2", count: limit - 1)).diagnostics.isEmpty)
    }

    @Test func expressionDepth() {
        func depth(_ text: String) -> Int? {
            guard case .letDecl(let l)? = parse("let x = " + text).unit.items.first else { return nil }
            return l.value.depth
        }
        #expect(depth("a") == 1)
        #expect(depth("a and b and c") == 3)
        #expect(depth("a and (b and c)") == 4)
        #expect(depth("1 < 2 <= 3") == 3)
        #expect(depth("if a then b else not c") == 3)
        var e = Expr(.name("a"), Span(0, 1))
        e.kind = .not(Expr(.not(Expr(.name("b"), Span(0, 1))), Span(0, 1)))
        #expect(e.depth == 3)
    }

    @Test func itemsBeforeTooDeepNestingAreKept() {
        let text = "input a: bool\nlet x = " + String(repeating: "(", count: 1_000) + "a"
        let (unit, diags) = parse(text)
        #expect(diags.map(\.id) == ["too-deep"])
        #expect(unit.items.count == 1)
    }

    @Test func unexpectedEndOfFile() {
        let (_, diags) = parse("pathway {\n  when a { recommend x }\n")
        // Reported at the brace never closed, once; the block's statements are kept.
        #expect(diags.map(\.id) == ["unclosed-brace"])
        #expect(diags.first?.message == "this '{' is never closed")
        #expect(diags.first.map { "\($0.range!.line):\($0.range!.column)" } == "1:9")
    }

    @Test func commentsAreAvailableOnTheUnit() {
        let (unit, _) = parse("# one\ninput a: bool # two\n")
        #expect(unit.comments.map(\.text) == ["one", "two"])
    }
}
