import Gist

/// Hover: what a name is, in Markdown — an input's declaration (type, unit, range, default)
/// and doc comment; a let's or table's declaration (a table with its rows) and type; a code's
/// strength, text, citation and evidence; a case's fields.
extension LanguageServer {
    func hover(_ p: TextDocumentPositionParams) -> Result<Hover?, ResponseError> {
        guard let t = target(p.textDocument.uri, p.position) else { return .success(nil) }
        let range = t.doc.lines.range(t.occurrence.span)
        let root = t.families.first?.root
        let program = root?.program ?? root.flatMap { lastProgram($0.uri) }
        guard let text = hoverText(t, program) else { return .success(nil) }
        return .success(Hover(contents: MarkupContent(kind: "markdown", value: text), range: range))
    }

    func lastProgram(_ uri: String) -> Program? {
        lock.lock()
        defer { lock.unlock() }
        return lastPrograms[uri]
    }

    func hoverText(_ t: Target, _ program: Program?) -> String? {
        let symbol = t.occurrence.symbol
        if case .caseName(let name) = symbol {
            for case .script(.caseDef(let n, _, let span)) in t.doc.unit.items where n.text == name {
                return code(t.doc.file.text(of: span))
            }
            return nil
        }
        guard let item = t.declarations?.items[symbol], let file = t.declared?.file else { return nil }
        let declared = code(file.text(of: item.span))
        switch (symbol, item) {
        case (.input(let name), .input(let decl)):
            var out = declared
            if let p = program, let i = p.inputs.first(where: { $0.name == name }) {
                out += "\n\ninput of type `\(p.typeName(i.type))`" + (i.unit.map { ", bare numbers in records are \($0.name)" } ?? "")
                out += i.defaultValue.map { ", default `\(p.format($0, type: i.type, unit: i.unit))`" } ?? ", no default"
            }
            return out + (decl.doc.map { "\n\n" + $0 } ?? "")
        case (.derived(let name), _):
            var out = declared
            if let p = program, let d = p.derived.first(where: { $0.name == name }) { out += "\n\nof type `\(p.typeName(d.type))`" }
            if case .letDecl(let l) = item, let doc = l.doc { out += "\n\n" + doc }
            if case .table(let tb) = item, let doc = tb.doc { out += "\n\n" + doc }
            return out
        case (.code, .recommendation(let r)):
            var out = "**\(r.code.text)** (\(r.strength.rawValue)): \(r.text)\n\ncited: \(r.cite)"
            if let s = r.source { out += "\n\nsource: \(s)" }
            if !r.evidence.isEmpty {
                out += "\n\nevidence: " + r.evidence.map { "\($0.scheme.text) [\($0.values.map(\.text).joined(separator: ", "))]" }.joined(separator: "; ")
            }
            return out + (r.doc.map { "\n\n" + $0 } ?? "")
        case (.member(let e, _), _):
            return "member of `\(e)`\n\n" + declared
        default:
            return declared
        }
    }

    func code(_ text: String) -> String { "```gist\n\(text)\n```" }
}
