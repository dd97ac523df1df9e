import Gist

/// When typed text is an unfinished statement, so the REPL asks for another line instead of
/// running it: an open brace, parenthesis or bracket, or a last token that cannot end a
/// statement (an operator, a comma, `and`, `recommends` …). Uses the real lexer, so braces
/// in strings and comments do not count.
enum Continuation {
    static func needsMore(_ text: String) -> Bool {
        let (tokens, _, _) = Lexer.tokenize(SourceFile(name: "", text: text))
        var depth = 0
        for t in tokens {
            switch t.kind {
            case .lbrace, .lparen, .lbracket: depth += 1
            case .rbrace, .rparen, .rbracket: depth -= 1
            default: break
            }
        }
        if depth > 0 { return true }
        guard let last = tokens.last(where: { $0.kind != .eof }) else { return false }
        switch last.kind {
        case .comma, .colon, .dot, .dotdot, .pipe, .arrow, .thinArrow, .plus, .minus, .star, .slash,
             .equal, .eq, .ne, .lt, .le, .gt, .ge:
            return true
        case .keyword(let k):
            return trailingKeywords.contains(k)
        case .identifier:
            // Contextual words that need what follows: `expect c recommends` …
            return ["recommends", "exactly", "undetermined", "of"].contains(last.text) && tokens.count > 2
        default:
            return false
        }
    }

    /// True when a line cannot continue an unfinished entry: it is a `:` command or starts a
    /// statement (`case`, `expect`, …). The unfinished entry is then run on its own (and its
    /// error reported), and the line starts a new entry.
    static func startsEntry(_ line: String) -> Bool {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        if trimmed.hasPrefix(":") { return true }
        let (tokens, _, _) = Lexer.tokenize(SourceFile(name: "", text: String(trimmed)))
        guard case .keyword(let k) = tokens.first?.kind else { return false }
        return statementKeywords.contains(k)
    }

    static let statementKeywords: Set<Keyword> = [.use, .case, .cases, .expect, .what, .print]

    static let trailingKeywords: Set<Keyword> = [
        .use, .case, .cases, .expect, .what, .print, .if, .then, .else, .and, .or, .not, .in, .where,
    ]

    /// One history line for an entry: multi-line entries are joined with spaces (newlines do
    /// not matter in statements), comments dropped so they cannot swallow what follows.
    static func historyEntry(_ lines: [String]) -> String {
        if lines.count == 1 { return lines[0] }
        var parts: [String] = []
        for line in lines {
            let file = SourceFile(name: "", text: line)
            let (_, comments, _) = Lexer.tokenize(file)
            var code = line
            if let c = comments.first { code = file.text(of: Span(0, c.span.start)) }
            let trimmed = code.trimmed()
            if !trimmed.isEmpty { parts.append(trimmed) }
        }
        return parts.joined(separator: " ")
    }
}

extension String {
    func trimmed(_ set: String = " \t\r\n") -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
