/// `gist fmt`: the canonical layout of a `.gist` file.
///
/// Modelled on gofmt: the formatter walks the syntax tree and, in step, the file's own token
/// stream, so every token of the source is accounted for (a tree and a token that disagree
/// stop the formatter instead of dropping text). Comments travel with the tokens they sit
/// beside: an own-line comment stays above the token that follows it, a trailing comment at
/// the end of the line of the token before it. The result is then checked: it must parse
/// again to the same tree (compared as a dump without source positions), with the same
/// comments in the same order; otherwise the formatter refuses.
///
/// The layout: two-space indentation; one declaration or statement per line; blank lines
/// kept between declarations and statements but collapsed to one; lines broken at 100
/// columns where the construct allows (before `or`/`and`, between list elements, before the
/// text and citation of a recommendation), continuation lines aligned with what they
/// continue; decision tables with padded cells so the `|` and `=>` line up; trailing comments
/// on consecutive lines (and on the rows of one table) aligned.
public enum SourceFormatter {
    /// The line width the layout aims at.
    public static let defaultWidth = 100

    public enum Outcome: Sendable {
        /// The formatted text (equal to the input when it already was formatted).
        case formatted(String)
        /// The file does not parse; nothing was formatted.
        case syntaxErrors([Diagnostic])
        /// The formatter could not reproduce the file faithfully (a bug); nothing was formatted.
        case failed(String)
    }

    public static func format(_ file: SourceFile, width: Int = defaultWidth) -> Outcome {
        let (unit, diagnostics) = Parser.parse(file)
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { return .syntaxErrors(errors) }
        let text: String
        switch layout(unit, width: width) {
        case .success(let t): text = t
        case .failure(let e): return .failed(e.message)
        }
        // The output must mean exactly what the input meant.
        let again = SourceFile(name: file.name, text: text)
        let (reparsed, reDiagnostics) = Parser.parse(again)
        if let d = reDiagnostics.first(where: { $0.severity == .error }) {
            return .failed("the formatted text does not parse (\(d.message))")
        }
        if SyntaxDump.dump(reparsed) != SyntaxDump.dump(unit) {
            return .failed("the formatted text would parse differently")
        }
        if commentTexts(reparsed) != commentTexts(unit) {
            return .failed("the formatted text would lose or reorder comments")
        }
        return .formatted(text)
    }

    /// The layout of a parsed file, not yet checked against it.
    static func layout(_ unit: SourceUnit, width: Int) -> Result<String, FormatError> {
        do {
            var b = FormatBuilder(file: unit.file)
            let doc = try b.document(unit)
            return .success(DocRenderer.text(of: DocRenderer.render(doc, width: width)))
        } catch {
            return .failure(error)
        }
    }

    /// Formats source text (for tests and tools); nil when it does not parse.
    public static func format(_ text: String, width: Int = defaultWidth) -> String? {
        if case .formatted(let s) = format(SourceFile(name: "<text>", text: text), width: width) { return s }
        return nil
    }

    static func commentTexts(_ unit: SourceUnit) -> [String] {
        unit.comments.map { rawComment($0, in: unit.file) }
    }

    /// A comment as written (from `#`), without trailing blanks.
    static func rawComment(_ c: Comment, in file: SourceFile) -> String {
        var s = file.text(of: c.span)
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return s
    }
}

struct FormatError: Error {
    let message: String
}

/// One row of a table as the formatter lays it out.
struct TableRowLayout {
    var lead: Doc
    /// Comments from inside the row, placed above it.
    var moved: [Comment]
    var cells: [String]
    var output: String?
    var comment: Comment?
}

/// Builds the layout document from the syntax tree and the token stream.
struct FormatBuilder {
    let file: SourceFile
    let tokens: [Token]
    /// Own-line comments before token k.
    var leading: [[Comment]]
    /// The trailing comment after token k (on its line).
    var trailing: [Comment?]
    /// Token k's leading comments were already placed (hoisted before its construct).
    var hoisted: [Bool]
    var k = 0
    /// While laying out a table row: comments are collected here instead of placed.
    var captured: [Comment]?
    var tableCount = 0

    init(file: SourceFile) {
        self.file = file
        let lexed = Lexer.tokenize(file)
        tokens = lexed.tokens.filter { $0.kind != .invalid }
        leading = Array(repeating: [], count: tokens.count)
        trailing = Array(repeating: nil, count: tokens.count)
        hoisted = Array(repeating: false, count: tokens.count)
        // Comments and tokens are both in source order: merge.
        var t = 0
        for c in lexed.comments {
            if c.ownLine {
                while t < tokens.count - 1, tokens[t].span.start < c.span.end { t += 1 }
                leading[t].append(c)
            } else {
                while t + 1 < tokens.count, tokens[t + 1].span.end <= c.span.start, tokens[t + 1].kind != .eof { t += 1 }
                if tokens[t].span.end <= c.span.start, tokens[t].kind != .eof, trailing[t] == nil {
                    trailing[t] = c
                } else {
                    // Nothing before it on its line that is a token: treat it as an own-line comment.
                    var u = t
                    while u < tokens.count - 1, tokens[u].span.start < c.span.end { u += 1 }
                    leading[u].append(c)
                }
            }
        }
    }

    // MARK: tokens

    var current: Token { tokens[min(k, tokens.count - 1)] }

    func raw(_ c: Comment) -> String { SourceFormatter.rawComment(c, in: file) }

    func newlines(from a: Int, to b: Int) -> Int {
        guard a < b else { return 0 }
        var n = 0
        for i in a..<min(b, file.bytes.count) where file.bytes[i] == UInt8(ascii: "\n") { n += 1 }
        return n
    }

    /// Where the source text before token `i` (and its comments) begins: the end of the
    /// previous token or its trailing comment.
    func previousEnd(_ i: Int) -> Int {
        guard i > 0 else { return 0 }
        return trailing[i - 1]?.span.end ?? tokens[i - 1].span.end
    }

    /// The comments before the current token, with the blank lines between them, to be
    /// placed before the construct that starts here (a declaration, statement or row).
    mutating func lead() -> Doc {
        guard k < tokens.count, !hoisted[k] else { return .empty }
        hoisted[k] = true
        var parts: [Doc] = []
        var end = previousEnd(k)
        for c in leading[k] {
            parts.append(.ownLineComment(raw(c), blankBefore: newlines(from: end, to: c.span.start) >= 2))
            end = c.span.end
        }
        if newlines(from: end, to: tokens[k].span.start) >= 2 { parts.append(.blank) }
        return .concat(parts)
    }

    /// Leading comments of token `i` that were not hoisted (inside a construct: no blank lines).
    mutating func inlineLeading(_ i: Int) -> [Doc] {
        guard !hoisted[i] else { return [] }
        hoisted[i] = true
        if captured != nil { captured?.append(contentsOf: leading[i]); return [] }
        return leading[i].map { .ownLineComment(raw($0), blankBefore: false) }
    }

    mutating func trailingDoc(_ i: Int) -> [Doc] {
        guard let c = trailing[i] else { return [] }
        if captured != nil { captured?.append(c); return [] }
        return [.trailingComment(raw(c))]
    }

    func describe(_ t: Token) -> String {
        t.kind == .eof ? "end of file" : "'\(t.text)'"
    }

    /// Consumes the current token, which must be of `kind` (and spelled `word` when given),
    /// and lays it out as `text` (its canonical spelling by default).
    mutating func tok(_ kind: TokenKind, _ word: String? = nil, as text: String? = nil) throws(FormatError) -> Doc {
        let t = current
        guard t.kind == kind, word == nil || t.text == word else {
            let (line, col) = file.location(of: t.span.start)
            throw FormatError(message: "\(file.name):\(line):\(col): expected \(word.map { "'\($0)'" } ?? kind.description) but the file has \(describe(t))")
        }
        let i = k
        k += 1
        let shown = text ?? spelling(t)
        return .concat(inlineLeading(i) + [.text(shown)] + trailingDoc(i))
    }

    /// Consumes an optional token (a separator the canonical form drops or always writes).
    mutating func skip(_ kind: TokenKind) -> Doc? {
        guard current.kind == kind else { return nil }
        let i = k
        k += 1
        return .concat(inlineLeading(i) + trailingDoc(i))
    }

    func spelling(_ t: Token) -> String {
        switch t.kind {
        case .identifier, .keyword: return t.text
        // Numbers and strings as written (digit separators, escapes).
        case .number, .string: return file.text(of: t.span)
        default:
            switch t.kind {
            case .lbrace: return "{"
            case .rbrace: return "}"
            case .lparen: return "("
            case .rparen: return ")"
            case .lbracket: return "["
            case .rbracket: return "]"
            case .comma: return ","
            case .colon: return ":"
            case .dot: return "."
            case .dotdot: return ".."
            case .pipe: return "|"
            case .arrow: return "=>"
            case .thinArrow: return "->"
            case .plus: return "+"
            case .minus: return "-"
            case .star: return "*"
            case .slash: return "/"
            case .percent: return "%"
            case .equal: return "="
            case .eq: return "=="
            case .ne: return "!="
            case .lt: return "<"
            case .le: return "<="
            case .gt: return ">"
            case .ge: return ">="
            default: return t.text
            }
        }
    }

    func line(of i: Int) -> Int { file.location(of: tokens[min(i, tokens.count - 1)].span.start).line }

    /// The index of the token ending at `end` (a construct's last token), searching from k.
    func tokenIndex(endingAt end: Int) -> Int? {
        var i = k
        while i < tokens.count, tokens[i].span.end < end { i += 1 }
        return i < tokens.count && tokens[i].span.end == end ? i : nil
    }

    mutating func name(_ n: Name) throws(FormatError) -> Doc { try tok(.identifier, n.text) }

    /// Takes away the trailing comment of the token ending at `end` (at or after the cursor),
    /// to be placed later: after a `{` or `,` that follows it in the canonical layout.
    mutating func detachTrailing(endingAt end: Int) -> Doc? {
        guard let i = tokenIndex(endingAt: end), let c = trailing[i] else { return nil }
        trailing[i] = nil
        if captured != nil { captured?.append(c); return nil }
        return .trailingComment(raw(c))
    }

    /// Takes away the trailing comment of the current token (an operator or `|` that the
    /// layout moves to the start of the next line): it stays at the end of the line before.
    mutating func detachCurrentTrailing() -> Doc? {
        guard k < tokens.count, let c = trailing[k] else { return nil }
        trailing[k] = nil
        if captured != nil { captured?.append(c); return nil }
        return .trailingComment(raw(c))
    }

    /// Takes away the trailing comment of the token `ahead` places after the cursor.
    mutating func detachTrailingAhead(_ ahead: Int) -> Doc? {
        guard k + ahead < tokens.count else { return nil }
        return detachTrailing(endingAt: tokens[k + ahead].span.end)
    }

    // MARK: file

    mutating func document(_ unit: SourceUnit) throws(FormatError) -> Doc {
        var parts: [Doc] = []
        for item in unit.items {
            parts.append(.hardline)
            parts.append(lead())
            parts.append(try self.item(item))
        }
        guard current.kind == .eof else {
            let (line, col) = file.location(of: current.span.start)
            throw FormatError(message: "\(file.name):\(line):\(col): \(describe(current)) is not part of any declaration")
        }
        // Comments after the last declaration.
        var end = previousEnd(k)
        parts.append(.hardline)
        for c in leading[k] {
            parts.append(.ownLineComment(raw(c), blankBefore: newlines(from: end, to: c.span.start) >= 2))
            end = c.span.end
        }
        return .concat(parts)
    }

    mutating func item(_ item: Item) throws(FormatError) -> Doc {
        switch item {
        case .header(let h): return try header(h)
        case .enumDecl(let e): return try enumDecl(e)
        case .input(let i): return try declaration(span: i.span, doc: i.doc) { (b: inout FormatBuilder, force: Bool) throws(FormatError) in try b.input(i, forceBreak: force) }
        case .letDecl(let l): return try declaration(span: l.span, doc: l.doc) { (b: inout FormatBuilder, force: Bool) throws(FormatError) in try b.letDecl(l, forceBreak: force) }
        case .table(let t): return try table(t)
        case .recommendation(let r): return try declaration(span: r.span, doc: r.doc) { (b: inout FormatBuilder, force: Bool) throws(FormatError) in try b.recommendation(r, forceBreak: force) }
        case .evidenceScheme(let e): return try evidenceScheme(e)
        case .exclusive(let e):
            return .concat([try tok(.keyword(.exclusive)), .text(" "), try commaList(e.codes)])
        case .pathway(let p):
            var head = [try tok(.keyword(.pathway)), .text(" ")]
            if let n = p.name { head += [try name(n), .text(" ")] }
            return .concat(head + [try block(p.body)])
        case .script(let s): return try script(s)
        }
    }

    /// A declaration that may carry a doc comment at the end of its first line. A trailing
    /// comment that is its doc comment stays on its (single) line; one that is not must not
    /// become one, so the declaration then keeps more than one line.
    mutating func declaration(span: Span, doc: String?,
                              _ body: (inout FormatBuilder, Bool) throws(FormatError) -> Doc) throws(FormatError) -> Doc {
        let first = k
        guard let last = tokenIndex(endingAt: span.end) else { return try body(&self, false) }
        // A trailing comment inside the first line of a longer declaration may be its doc
        // comment, but the layout may move what follows it onto other lines: it goes above the
        // declaration, where it stays its doc comment.
        if line(of: first) != line(of: last),
           let i = (first..<last).first(where: { trailing[$0] != nil && line(of: $0) == line(of: first) }),
           let c = trailing[i], c.text == doc {
            trailing[i] = nil
            return .concat([.ownLineComment(raw(c), blankBefore: false), .hardline, try body(&self, false)])
        }
        guard let comment = trailing[last] else { return try body(&self, false) }
        if line(of: first) == line(of: last) {
            return .flat(try body(&self, false))
        }
        _ = comment
        return try body(&self, doc == nil)
    }

    mutating func header(_ h: GuidelineHeader) throws(FormatError) -> Doc {
        var parts: [Doc] = [try tok(.keyword(.guideline)), .text(" "), try tok(.string), .text(" "), try tok(.lbrace)]
        let keyWidth = h.fields.map { $0.key.text.count }.max() ?? 0
        var inner: [Doc] = []
        for f in h.fields {
            inner.append(.hardline)
            inner.append(lead())
            let pad = String(repeating: " ", count: keyWidth - f.key.text.count + 1)
            inner.append(.concat([try tok(.identifier, f.key.text), .text(pad), try tok(.string)]))
        }
        parts.append(try close(inner))
        return .concat(parts)
    }

    /// The end of a braced body: comments before the `}` stay inside, indented.
    mutating func close(_ inner: [Doc]) throws(FormatError) -> Doc {
        var body = inner
        if !hoisted[k] {
            hoisted[k] = true
            var end = previousEnd(k)
            for c in leading[k] {
                body.append(.hardline)
                body.append(.ownLineComment(raw(c), blankBefore: newlines(from: end, to: c.span.start) >= 2))
                end = c.span.end
            }
        }
        if body.isEmpty { return try tok(.rbrace) }
        return .concat([.nest(2, .concat(body)), .hardline, try tok(.rbrace)])
    }

    /// `evidence NAME {`, then one dimension a line: its name and its values.
    mutating func evidenceScheme(_ e: EvidenceSchemeDecl) throws(FormatError) -> Doc {
        let head: [Doc] = [try tok(.identifier, "evidence"), .text(" "), try name(e.name), .text(" "), try tok(.lbrace)]
        var inner: [Doc] = []
        for d in e.dimensions {
            inner.append(.hardline)
            inner.append(lead())
            inner.append(.concat([try name(d.name), .text(" "), .align(try barList(d.values))]))
        }
        return .concat(head + [try close(inner)])
    }

    mutating func enumDecl(_ e: EnumDecl) throws(FormatError) -> Doc {
        let head: [Doc] = [try tok(.keyword(.enum)), .text(" "), try name(e.name), .text(" ")]
        let eq = try tok(.equal)
        return .concat(head + [.align(.concat([eq, .text(" "), try barList(e.members)]))])
    }

    /// `a | b | c`, filled, continuation lines starting with `|`.
    mutating func barList(_ names: [Name]) throws(FormatError) -> Doc {
        var parts: [Doc] = []
        for (i, n) in names.enumerated() {
            if i == 0 { parts.append(try name(n)); continue }
            if let c = detachCurrentTrailing(), let last = parts.popLast() { parts.append(.concat([last, c])) }
            parts.append(.line)
            let bar = try tok(.pipe)
            parts.append(.concat([bar, .text(" "), try name(n)]))
        }
        return .fill(parts)
    }

    /// `a, b, c`, filled, aligned with the first element.
    mutating func commaList(_ names: [Name]) throws(FormatError) -> Doc {
        var parts: [Doc] = []
        for (i, n) in names.enumerated() {
            if i > 0 { parts.append(.line) }
            let held = i < names.count - 1 ? detachTrailing(endingAt: n.span.end) : nil
            var item = try name(n)
            if i < names.count - 1 { item = .concat([item, try tok(.comma)] + (held.map { [$0] } ?? [])) }
            parts.append(item)
        }
        return .align(.fill(parts))
    }

    mutating func typeRef(_ t: TypeRef) throws(FormatError) -> Doc {
        switch t.kind {
        case .named(let n): return try tok(.identifier, n)
        case .setOf(let e):
            return .concat([try tok(.identifier, "set"), .text(" "), try tok(.identifier, "of"), .text(" "), try name(e)])
        case .inlineEnum(let members): return try barList(members)
        }
    }

    /// A unit as written, its parts joined without spaces: `mg/kg/day`, `%`.
    mutating func unit(_ u: Name) throws(FormatError) -> Doc {
        if u.text == "%" { return try tok(.percent) }
        var docs: [Doc] = []
        for (k, part) in u.text.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            if k > 0 { docs.append(try tok(.slash)) }
            docs.append(try tok(.identifier, String(part)))
        }
        return .concat(docs)
    }

    mutating func input(_ i: InputDecl, forceBreak: Bool) throws(FormatError) -> Doc {
        let head: [Doc] = [try tok(.keyword(.input)), .text(" "), try name(i.name)]
        let colon = try tok(.colon)
        var typeDoc: Doc
        if case .inlineEnum = i.type.kind {
            typeDoc = .concat(head + [.align(.concat([colon, .text(" "), try typeRef(i.type)]))])
        } else {
            typeDoc = .concat(head + [colon, .text(" "), try typeRef(i.type)])
        }
        if let u = i.unit {
            typeDoc = .concat([typeDoc, .text(" "), try tok(.keyword(.in)), .text(" "), try unit(u)])
        }
        if i.fixed { typeDoc = .concat([typeDoc, .text(" "), try tok(.identifier, "fixed")]) }
        var clauses: [Doc] = []
        if let d = i.defaultValue {
            clauses.append(.concat([try tok(.equal), .text(" "), .align(try expr(d))]))
        }
        if let r = i.range {
            clauses.append(.concat([try tok(.keyword(.where)), .text(" "), .align(try expr(r))]))
        }
        if clauses.isEmpty { return typeDoc }
        if forceBreak {
            return .concat([typeDoc, .nest(2, .concat(clauses.flatMap { [Doc.hardline, $0] }))])
        }
        var parts = [typeDoc]
        for c in clauses { parts.append(.line); parts.append(c) }
        return .nest(2, .fill(parts))
    }

    mutating func letDecl(_ l: LetDecl, forceBreak: Bool) throws(FormatError) -> Doc {
        var parts: [Doc] = [try tok(.keyword(.let)), .text(" "), try name(l.name)]
        if let t = l.type { parts += [try tok(.colon), .text(" "), try typeRef(t)] }
        parts += [.text(" "), try tok(.equal), .text(" ")]
        parts.append(.nest(2, try expr(l.value, forceBreak: forceBreak)))
        return .concat(parts)
    }

    mutating func recommendation(_ r: RecommendationDecl, forceBreak: Bool) throws(FormatError) -> Doc {
        var head: [Doc] = [try tok(.keyword(.recommendation)), .text(" "), try name(r.code), try tok(.colon), .text(" ")]
        head.append(current.kind == .keyword(.recommend) ? try tok(.keyword(.recommend)) : try tok(.identifier, r.strength.rawValue))
        var rest: [Doc] = [.line, try tok(.string), .line, try tok(.keyword(.cite)), .text(" "), try tok(.string)]
        for e in r.evidence {
            rest += [.line, try tok(.identifier, "evidence"), .text(" "), try name(e.scheme), .text(" "), try tok(.lbracket)]
            for (i, v) in e.values.enumerated() {
                if i > 0 { rest += [try tok(.comma), .text(" ")] }
                rest.append(try name(v))
            }
            rest.append(try tok(.rbracket))
        }
        if r.source != nil {
            rest += [.line, try tok(.identifier, "source"), .text(" "), try tok(.string)]
        }
        let body = Doc.concat(head + [.nest(2, .concat(rest))])
        return .group(body, forced: forceBreak || body.forcesBreak)
    }

    // MARK: tables

    mutating func table(_ t: TableDecl) throws(FormatError) -> Doc {
        tableCount += 1
        let tag = tableCount
        var parts: [Doc] = [try tok(.keyword(.table)), .text(" "), try name(t.name), try tok(.colon), .text(" "),
                            try typeRef(t.type), .text(" ")]
        parts.append(t.policy == .first ? try tok(.keyword(.first)) : try tok(.identifier, t.policy.rawValue))
        parts += [.text(" "), try tok(.lbrace)]

        // Each row: its leading comments, its cells as flat text, its output, its trailing comment.
        var rows: [TableRowLayout] = []

        func flatText(_ d: Doc) -> String {
            DocRenderer.render(.flat(d), width: Int.max).map(\.text).joined(separator: " ")
        }

        // Header row.
        do {
            let lead = self.lead()
            captured = []
            var cells: [String] = []
            _ = try tok(.pipe)
            for c in t.columns {
                cells.append(flatText(try expr(c)))
                _ = try tok(.pipe)
            }
            let comments = captured ?? []
            captured = nil
            rows.append(rowFrom(lead: lead, cells: cells, output: nil, comments: comments, lastToken: k - 1))
        }
        for r in t.rows {
            let lead = self.lead()
            captured = []
            var cells: [String] = []
            _ = try tok(.pipe)
            for c in r.cells {
                cells.append(flatText(try cell(c)))
                _ = try tok(.pipe)
            }
            _ = try tok(.arrow)
            let output = flatText(try expr(r.output))
            let comments = captured ?? []
            captured = nil
            rows.append(rowFrom(lead: lead, cells: cells, output: output, comments: comments, lastToken: k - 1))
        }

        var widths: [Int] = []
        for r in rows {
            for (i, c) in r.cells.enumerated() {
                if i < widths.count { widths[i] = max(widths[i], c.count) } else { widths.append(c.count) }
            }
        }
        var inner: [Doc] = []
        for r in rows {
            inner.append(.hardline)
            inner.append(r.lead)
            for c in r.moved { inner.append(.ownLineComment(raw(c), blankBefore: false)) }
            var text = "|"
            for (i, c) in r.cells.enumerated() {
                text += " " + c + String(repeating: " ", count: widths[i] - c.count) + " |"
            }
            if let o = r.output { text += " => " + o }
            inner.append(.tag(tag))
            inner.append(.text(text))
            if let c = r.comment { inner.append(.trailingComment(raw(c))) }
        }
        parts.append(try close(inner))
        return .concat(parts)
    }

    /// A table row's comments: the one ending the row stays there; any inside the row move
    /// above it (a row is one line).
    func rowFrom(lead: Doc, cells: [String], output: String?, comments: [Comment], lastToken: Int) -> TableRowLayout {
        var moved = comments
        var end: Comment?
        if let c = trailing[lastToken], let last = moved.last, last == c {
            end = c
            moved.removeLast()
        }
        return TableRowLayout(lead: lead, moved: moved, cells: cells, output: output, comment: end)
    }

    mutating func cell(_ c: Cell) throws(FormatError) -> Doc {
        switch c.kind {
        case .any:
            return current.kind == .minus ? try tok(.minus) : try tok(.keyword(.any))
        case .compare(let op, let e):
            return .concat([try tok(compareKind(op)), .text(" "), try expr(e)])
        case .interval(let low, let lowOpen, let high, let highOpen):
            return .concat([try tok(lowOpen ? .lparen : .lbracket), try expr(low), try tok(.dotdot), try expr(high),
                            try tok(highOpen ? .rparen : .rbracket)])
        case .equals(let e):
            return try expr(e)
        case .oneOf(let names, let negated):
            var parts: [Doc] = []
            if negated { parts += [try tok(.keyword(.not)), .text(" ")] }
            parts.append(try nameSet(names))
            return .concat(parts)
        }
    }

    func compareKind(_ op: CompareOp) -> TokenKind {
        switch op {
        case .lt: return .lt
        case .le: return .le
        case .gt: return .gt
        case .ge: return .ge
        case .eq: return .eq
        case .ne: return .ne
        }
    }

    /// `{a, b}`, filled and aligned after the brace.
    mutating func nameSet(_ names: [Name]) throws(FormatError) -> Doc {
        let open = try tok(.lbrace)
        if names.isEmpty { return .concat([open, try tok(.rbrace)]) }
        let list = try commaList(names)
        return .concat([open, list, try tok(.rbrace)])
    }

    // MARK: pathway

    /// Whether the statements form a block that may be written on one line: a single
    /// `recommend` and no comment between the braces.
    func compactBlock(_ stmts: [Stmt]) -> Bool {
        guard stmts.count == 1, case .recommend(_, let span, _) = stmts[0] else { return false }
        // Tokens from `{` (at k) to the `}` after the statement.
        guard current.kind == .lbrace, let last = tokenIndex(endingAt: span.end), last + 1 < tokens.count,
              tokens[last + 1].kind == .rbrace else { return false }
        for i in k...(last + 1) {
            if !leading[i].isEmpty && i != k { return false }
            if trailing[i] != nil && i != last + 1 { return false }
        }
        return true
    }

    /// `{ … }`. A compact block is laid out inside its statement's group (one line when the
    /// whole statement fits); any other is broken over lines.
    mutating func block(_ stmts: [Stmt], held: Doc? = nil) throws(FormatError) -> Doc {
        if held == nil, compactBlock(stmts) {
            let open = try tok(.lbrace)
            let s = try stmt(stmts[0])
            return .concat([open, .nest(2, .concat([.line, s])), .line, try tok(.rbrace)])
        }
        var open = try tok(.lbrace)
        if let held { open = .concat([open, held]) }
        var inner: [Doc] = []
        for s in stmts {
            inner.append(.hardline)
            inner.append(lead())
            inner.append(try stmt(s))
        }
        return .concat([open, try close(inner)])
    }

    mutating func stmt(_ s: Stmt) throws(FormatError) -> Doc {
        switch s {
        case .when(let w): return try when(w)
        case .first(let f):
            let head: [Doc] = [try tok(.keyword(.first)), .text(" "), try tok(.lbrace)]
            var inner: [Doc] = []
            for alt in f.alternatives {
                inner.append(.hardline)
                inner.append(lead())
                inner.append(try when(alt))
            }
            if let o = f.otherwise {
                inner.append(.hardline)
                inner.append(lead())
                // The comment after `otherwise` (or its reason) moves after the `{`.
                let held = f.otherwiseBecause == nil ? detachCurrentTrailing() : detachTrailingAhead(2)
                var head = [try tok(.keyword(.otherwise)), .text(" ")]
                if f.otherwiseBecause != nil { head += try because() + [.text(" ")] }
                inner.append(.group(.concat(head + [try block(o, held: held)])))
            }
            return .concat(head + [try close(inner)])
        case .recommend(let codes, _, let reason):
            let head = [try tok(.keyword(.recommend)), .text(" "), try commaList(codes)]
            return .concat(head + (reason == nil ? [] : [.text(" ")] + (try because())))
        case .follow(let n, _):
            return .concat([try tok(.identifier, "follow"), .text(" "), try name(n)])
        }
    }

    /// `because "…"`.
    mutating func because() throws(FormatError) -> [Doc] {
        [try tok(.identifier, "because"), .text(" "), try tok(.string)]
    }

    mutating func when(_ w: WhenStmt) throws(FormatError) -> Doc {
        let kw = try tok(.keyword(.when))
        var held = detachTrailing(endingAt: w.condition.span.end)
        let cond = try expr(w.condition)
        var reason: [Doc] = []
        if w.because != nil {
            held = held ?? detachTrailingAhead(1)
            reason = [.text(" ")] + (try because())
        }
        return .group(.concat([kw, .text(" "), .align(cond)] + reason + [.text(" "), try block(w.body, held: held)]))
    }

    // MARK: scripts

    mutating func script(_ s: ScriptStmt) throws(FormatError) -> Doc {
        switch s {
        case .use:
            return .concat([try tok(.keyword(.use)), .text(" "), try tok(.string)])
        case .cases:
            return .concat([try tok(.keyword(.cases)), .text(" "), try tok(.string)])
        case .caseDef(let n, let fields, _):
            let kw = try tok(.keyword(.case))
            let held = detachTrailing(endingAt: n.span.end)
            return .concat([kw, .text(" "), try name(n), .text(" "), try fieldList(fields, held: held)])
        case .whatIf(let n, let fields, _):
            let kw = [try tok(.keyword(.what)), .text(" "), try tok(.keyword(.if)), .text(" ")]
            let held = detachTrailing(endingAt: n.span.end)
            return .concat(kw + [try name(n), .text(" "), try fieldList(fields, held: held)])
        case .expect(let n, let e, _):
            return .concat([try tok(.keyword(.expect)), .text(" "), try name(n), .text(" "), try expectation(e)])
        case .printCase(let n, _):
            return .concat([try tok(.keyword(.print)), .text(" "), try name(n)])
        case .printValue(let e, let n, _):
            let kw = try tok(.keyword(.print))
            let value = try expr(e)
            return .concat([kw, .text(" "), .align(value), .text(" "), try tok(.identifier, "of"), .text(" "), try name(n)])
        case .eval(let e, _):
            return .align(try expr(e))
        }
    }

    /// `{ a: 1, b: 2 }`, filled, continuation lines aligned after `{ `. Commas the source left
    /// out (fields on separate lines) are written; a trailing comma is dropped.
    mutating func fieldList(_ fields: [FieldAssignment], held: Doc? = nil) throws(FormatError) -> Doc {
        var open = try tok(.lbrace)
        if let held { open = .concat([open, held]) }
        if fields.isEmpty { return .concat([open, try close([])]) }
        var parts: [Doc] = []
        for (i, f) in fields.enumerated() {
            if i > 0 { parts.append(.line) }
            let heldValue = i < fields.count - 1 ? detachTrailing(endingAt: f.value.span.end) : nil
            var item: [Doc] = [try name(f.name), try tok(.colon), .text(" "), try expr(f.value)]
            if i < fields.count - 1 {
                item.append(skip(.comma).map { .concat([.text(","), $0]) } ?? .text(","))
                if let heldValue { item.append(heldValue) }
            } else if let dropped = skip(.comma) {
                item.append(dropped)
            }
            parts.append(.concat(item))
        }
        let list = Doc.align(.fill(parts))
        let closeDoc = try close([])
        return .concat([open, .text(" "), list, .text(" "), closeDoc])
    }

    mutating func codes(_ names: [Name]) throws(FormatError) -> Doc {
        if current.kind == .lbrace { return try nameSet(names) }
        return try commaList(names)
    }

    mutating func expectation(_ e: Expectation) throws(FormatError) -> Doc {
        switch e {
        case .recommends(let names, let exactly):
            var parts: [Doc] = [try tok(.identifier, "recommends"), .text(" ")]
            if exactly { parts += [try tok(.identifier, "exactly"), .text(" ")] }
            parts.append(try codes(names))
            return .concat(parts)
        case .notRecommends(let names):
            return .concat([try tok(.keyword(.not)), .text(" "), try tok(.identifier, "recommends"), .text(" "), try codes(names)])
        case .undetermined(let names):
            return .concat([try tok(.identifier, "undetermined"), .text(" "), try codes(names)])
        case .holds(let x):
            return .align(try expr(x))
        }
    }

    // MARK: expressions

    /// An expression. `or` and `and` chains break (before the operator) only where the line
    /// is full; continuation lines indent as the caller's nest or align says.
    mutating func expr(_ e: Expr, forceBreak: Bool = false) throws(FormatError) -> Doc {
        switch e.kind {
        case .or, .and:
            let isOr: Bool
            if case .or = e.kind { isOr = true } else { isOr = false }
            let operands = chain(e, or: isOr)
            var parts: [Doc] = []
            for (i, o) in operands.enumerated() {
                if i == 0 { parts.append(.align(try expr(o))); continue }
                if let c = detachCurrentTrailing(), let last = parts.popLast() { parts.append(.concat([last, c])) }
                parts.append(forceBreak ? .hardline : .line)
                let op = try tok(.keyword(isOr ? .or : .and))
                parts.append(.concat([op, .text(" "), .align(try expr(o))]))
            }
            return forceBreak ? .concat(parts) : .fill(parts)
        case .number(_, _, let u):
            let n = try tok(.number)
            guard let u else { return n }
            return .concat([n, .text(" "), try unit(u)])
        case .string:
            return try tok(.string)
        case .bool(let b):
            return try tok(.keyword(b ? .true : .false))
        case .name(let n):
            return try tok(.identifier, n)
        case .qualified(let a, let m):
            return .concat([try name(a), try tok(.dot), try name(m)])
        case .setLiteral(let names):
            return try nameSet(names)
        case .negate(let x):
            return .concat([try tok(.minus), try expr(x)])
        case .arith:
            // A left-nested chain (`a + b - c`), read without recursing once per operator.
            var spine: [(ArithOp, Expr)] = []
            var leftmost = e
            while case .arith(let op, let a, let b) = leftmost.kind {
                spine.append((op, b))
                leftmost = a
            }
            var parts: [Doc] = [try expr(leftmost)]
            for (op, b) in spine.reversed() {
                let kind: TokenKind
                switch op {
                case .add: kind = .plus
                case .sub: kind = .minus
                case .mul: kind = .star
                case .div: kind = .slash
                }
                parts += [.text(" "), try tok(kind), .text(" "), try expr(b)]
            }
            return .concat(parts)
        case .not(let x):
            return .concat([try tok(.keyword(.not)), .text(" "), try expr(x)])
        case .compare(let operands, let ops):
            var parts: [Doc] = []
            for (i, o) in operands.enumerated() {
                if i > 0 { parts += [.text(" "), try tok(compareKind(ops[i - 1])), .text(" ")] }
                parts.append(try expr(o))
            }
            return .concat(parts)
        case .membership(let x, let set, let negated):
            var parts: [Doc] = [try expr(x), .text(" ")]
            if negated { parts += [try tok(.keyword(.not)), .text(" ")] }
            parts += [try tok(.keyword(.in)), .text(" "), try expr(set)]
            return .concat(parts)
        case .conditional(let c, let a, let b):
            let kwIf = try tok(.keyword(.if))
            let cond = try expr(c)
            let kwThen = try tok(.keyword(.then))
            let x = try expr(a)
            let kwElse = try tok(.keyword(.else))
            let y = try expr(b)
            // Broken: `then` and `else` start continuation lines.
            return .group(.concat([kwIf, .text(" "), .align(cond),
                                   .line, kwThen, .text(" "), .align(x), .line, kwElse, .text(" "), .align(y)]))
        case .paren(let x):
            let open = try tok(.lparen)
            let inner = try expr(x)
            return .concat([open, .align(inner), try tok(.rparen)])
        case .call(let f, let args):
            return try call(f, args)
        case .error:
            throw FormatError(message: "\(file.name): an expression could not be read")
        }
    }

    /// `min(a, b)`: no space before the parenthesis, one after each comma. Out of line, so that
    /// `expr`'s frame stays small for deep expressions.
    mutating func call(_ f: Name, _ args: [Expr]) throws(FormatError) -> Doc {
        var parts: [Doc] = [try name(f), try tok(.lparen)]
        for (i, a) in args.enumerated() {
            if i > 0 { parts += [try tok(.comma), .text(" ")] }
            parts.append(.align(try expr(a)))
        }
        return .concat(parts + [try tok(.rparen)])
    }

    /// The operands of a chain of `or` (or of `and`), left to right.
    func chain(_ e: Expr, or: Bool) -> [Expr] {
        var rights: [Expr] = []
        var cur = e
        while true {
            if or, case .or(let a, let b) = cur.kind { rights.append(b); cur = a; continue }
            if !or, case .and(let a, let b) = cur.kind { rights.append(b); cur = a; continue }
            break
        }
        return [cur] + rights.reversed()
    }
}
