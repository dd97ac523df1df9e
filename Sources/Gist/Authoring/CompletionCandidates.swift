/// What may follow a sequence of tokens in a script statement or a declaration: statement
/// words, input and derived names, enum members, case names, recommendation codes and units.
/// Shared by the REPL's Tab completion and the language server's completion.
public struct CompletionCandidates: Sendable {
    /// The guideline whose names are offered (none: only statement words).
    public let program: Program?
    /// Case names defined so far, offered after `expect`, `print`, `what if`.
    public let cases: [String]

    public init(program: Program?, cases: [String]) {
        self.program = program
        self.cases = cases
    }

    /// True when the next word is a field name of `case NAME {` or `what if NAME {` (followed
    /// by ':' rather than a space).
    public func isFieldName(after tokens: [Token]) -> Bool {
        openBrace(tokens).flatMap { fieldList(tokens, $0) } != nil
            && (tokens.last?.kind == .lbrace || tokens.last?.kind == .comma)
    }

    /// Candidates for a word that follows `tokens`.
    public func after(_ tokens: [Token]) -> [String] {
        let p = program
        let prev = tokens.last
        if prev?.kind == .number { return Units.names }
        // In the fields of `case NAME {` or `what if NAME {`: input names, then their values.
        if let brace = openBrace(tokens) {
            if fieldList(tokens, brace) != nil {
                if prev?.kind == .comma || prev?.kind == .lbrace { return p?.inputs.map(\.name) ?? [] }
                if prev?.kind == .colon, tokens.count >= 2 { return values(of: tokens[tokens.count - 2].text) }
                return []
            }
            // `field: {` — members of a set input.
            if brace >= 2, tokens[brace - 1].kind == .colon, fieldList(Array(tokens[..<(brace - 1)]), openBrace(Array(tokens[..<(brace - 1)])) ?? -1) != nil {
                return values(of: tokens[brace - 2].text)
            }
        }
        guard let first = tokens.first else {
            return ["use", "case", "cases", "expect", "what", "print"] + expressionNames(tokens)
        }
        switch first.kind {
        case .keyword(.expect):
            if tokens.count == 1 { return cases }
            if tokens.count == 2 { return ["recommends", "not", "undetermined"] + expressionNames(tokens) }
            if tokens.dropFirst(2).contains(where: { $0.kind == .identifier && ($0.text == "recommends" || $0.text == "undetermined") }) {
                let codes = p?.recommendations.map(\.code) ?? []
                return prev?.text == "recommends" ? ["exactly"] + codes : codes
            }
            if prev?.kind == .keyword(.not) { return ["recommends"] + expressionNames(tokens) }
            return expressionNames(tokens)
        case .keyword(.print):
            if prev?.kind == .identifier, prev?.text == "of" { return cases }
            return tokens.count == 1 ? cases + expressionNames(tokens) : expressionNames(tokens)
        case .keyword(.what):
            return tokens.count == 1 ? ["if"] : tokens.count == 2 ? cases : []
        case .keyword(.case):
            return tokens.count == 1 ? cases : []
        case .keyword(.use), .keyword(.cases):
            return []
        default:
            return expressionNames(tokens)
        }
    }

    /// The index of the innermost `{` not yet closed.
    public func openBrace(_ tokens: [Token]) -> Int? {
        var stack: [Int] = []
        for (i, t) in tokens.enumerated() {
            if t.kind == .lbrace { stack.append(i) }
            if t.kind == .rbrace { _ = stack.popLast() }
        }
        return stack.last
    }

    /// When the `{` at `brace` opens the fields of `case NAME {` or `what if NAME {`, that index.
    public func fieldList(_ tokens: [Token], _ brace: Int) -> Int? {
        guard brace >= 2, brace < tokens.count, tokens[brace - 1].kind == .identifier else { return nil }
        if tokens[brace - 2].kind == .keyword(.case) { return brace }
        if brace >= 3, tokens[brace - 2].kind == .keyword(.if), tokens[brace - 3].kind == .keyword(.what) { return brace }
        return nil
    }

    /// Names usable in an expression; after `==`, `!=` or `in` next to an enum-typed name,
    /// only that enum's members.
    public func expressionNames(_ tokens: [Token]) -> [String] {
        guard let p = program else { return [] }
        var k = tokens.count - 1
        if k >= 0, tokens[k].kind == .lbrace { k -= 1 }
        if k >= 1, [.eq, .ne, .keyword(.in)].contains(tokens[k].kind) {
            var operand = k - 1
            if tokens[operand].kind == .keyword(.not), operand >= 1 { operand -= 1 }
            let members = values(of: tokens[operand].text)
            if !members.isEmpty, !["true", "false"].contains(members[0]) { return members }
        }
        let words = ["and", "or", "not", "in", "if", "then", "else", "true", "false"]
        // `today` is offered even where the guideline does not read it yet: writing it declares it.
        let today = p.slot(named: Checker.evaluationDateName) == nil ? [Checker.evaluationDateName] : []
        return p.inputs.map(\.name) + p.derived.map(\.name) + p.enums.flatMap(\.members) + words
            + Self.functionNames + today
    }

    /// The functions an expression may call (`known`, `count`, `min`, `max`, `abs`): the
    /// checker's list, so a new built-in is offered as soon as it is checked.
    public static var functionNames: [String] { Checker.functionNames
    }

    /// The values a name (an input or derived value) can take, if it has few: enum members
    /// (also of a set's enum), `true`/`false`.
    public func values(of name: String) -> [String] {
        guard let p = program, let slot = p.slot(named: name) else { return [] }
        switch p.slotType(slot) {
        case .enumeration(let e), .set(let e): return e < p.enums.count ? p.enums[e].members : []
        case .bool: return ["true", "false"]
        default: return []
        }
    }
}
