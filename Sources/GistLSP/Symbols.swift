import Gist

/// What a name in a guideline or script stands for.
enum Symbol: Hashable {
    case input(String)
    /// A `let` or a `table`.
    case derived(String)
    case enumType(String)
    case member(enumName: String, String)
    case code(String)
    /// A sub-pathway (`pathway NAME { … }`, used by `follow NAME`).
    case subpathway(String)
    /// A case defined in a script (`case NAME { … }`); local to its script.
    case caseName(String)

    var name: String {
        switch self {
        case .input(let n), .derived(let n), .enumType(let n), .code(let n), .subpathway(let n), .caseName(let n): return n
        case .member(_, let n): return n
        }
    }
}

/// The names a guideline and the modules it uses declare (one namespace, as the checker sees
/// it), where, and the places where a type is written (in which a name is an enum, not an input
/// of the same name).
struct Declarations {
    var ranges: [Symbol: SourceRange] = [:]
    var enums: [(name: String, members: [String])] = []
    var codes: Set<String> = []
    var inputs: Set<String> = []
    var derived: Set<String> = []
    var subpathways: Set<String> = []
    var typeRanges: [SourceRange] = []
    /// The whole declaration of each symbol, for hovers.
    var items: [Symbol: Item] = [:]
    /// The symbol each declaring name stands for, by file and offset: a member in its enum's
    /// declaration is that enum's, whichever other enum shares its spelling.
    var sites: [Site: Symbol] = [:]

    struct Site: Hashable {
        let file: String
        let start: Int
    }

    /// `units`: the guideline (or a module on its own) and the modules it uses.
    init(_ units: [SourceUnit]) {
        for unit in units { add(unit) }
    }

    private mutating func add(_ unit: SourceUnit) {
        func declare(_ s: Symbol, _ span: Span, _ item: Item) {
            if ranges[s] == nil { ranges[s] = SourceRange(unit.file, span); items[s] = item }
            sites[Site(file: unit.file.name, start: span.start)] = s
        }
        for item in unit.items {
            switch item {
            case .enumDecl(let e):
                declare(.enumType(e.name.text), e.name.span, item)
                enums.append((e.name.text, e.members.map(\.text)))
                for m in e.members { declare(.member(enumName: e.name.text, m.text), m.span, item) }
            case .input(let i):
                inputs.insert(i.name.text)
                declare(.input(i.name.text), i.name.span, item)
                typeRanges.append(SourceRange(unit.file, i.type.span))
                if case .inlineEnum(let members) = i.type.kind {
                    enums.append((i.name.text, members.map(\.text)))
                    for m in members { declare(.member(enumName: i.name.text, m.text), m.span, item) }
                }
            case .letDecl(let l):
                derived.insert(l.name.text)
                declare(.derived(l.name.text), l.name.span, item)
                if let t = l.type { typeRanges.append(SourceRange(unit.file, t.span)) }
            case .table(let t):
                derived.insert(t.name.text)
                declare(.derived(t.name.text), t.name.span, item)
                typeRanges.append(SourceRange(unit.file, t.type.span))
            case .recommendation(let r):
                codes.insert(r.code.text)
                declare(.code(r.code.text), r.code.span, item)
            case .pathway(let p):
                if let name = p.name {
                    subpathways.insert(name.text)
                    declare(.subpathway(name.text), name.span, item)
                }
            case .header, .exclusive, .script, .evidenceScheme:
                break
            }
        }
    }

    func isEnum(_ name: String) -> Bool { enums.contains { $0.name == name } }
    func enumDeclaring(_ member: String) -> String? { enums.first { $0.members.contains(member) }?.name }
}

/// One name written in a document, with what it stands for.
struct Occurrence {
    let symbol: Symbol
    let span: Span
}

/// Every name in a document resolved against a guideline's declarations (with its modules') and,
/// in a script, its cases. Resolution is by spelling and position, not by type: an unqualified
/// enum member that several enums declare is taken to be the first enum's (qualify it,
/// `risk.low`, to be exact); a name after `pathway` or `follow` is a sub-pathway.
struct SymbolIndex {
    let occurrences: [Occurrence]

    init(tokens: [Token], unit: SourceUnit, declarations d: Declarations) {
        var cases: Set<String> = []
        for case .script(.caseDef(let name, _, _)) in unit.items { cases.insert(name.text) }
        var out: [Occurrence] = []
        for (k, t) in tokens.enumerated() where t.kind == .identifier {
            let prev = k > 0 ? tokens[k - 1] : nil
            // A unit after a number (`2 cm`) is not a name.
            if prev?.kind == .number { continue }
            let symbol: Symbol?
            if let declared = d.sites[Declarations.Site(file: unit.file.name, start: t.span.start)] {
                symbol = declared
            } else if prev?.kind == .dot, k >= 2, d.isEnum(tokens[k - 2].text) {
                symbol = .member(enumName: tokens[k - 2].text, t.text)
            } else if k + 2 < tokens.count, tokens[k + 1].kind == .dot, d.isEnum(t.text) {
                symbol = .enumType(t.text)
            } else if prev?.kind == .keyword(.pathway) || prev.map({ $0.kind == .identifier && $0.text == "follow" }) == true {
                symbol = d.subpathways.contains(t.text) ? .subpathway(t.text) : nil
            } else if d.typeRanges.contains(where: { $0.file.name == unit.file.name && $0.span.start <= t.span.start && t.span.end <= $0.span.end }) {
                symbol = d.isEnum(t.text) ? .enumType(t.text) : d.enumDeclaring(t.text).map { .member(enumName: $0, t.text) }
            } else if d.codes.contains(t.text) {
                symbol = .code(t.text)
            } else if cases.contains(t.text) {
                symbol = .caseName(t.text)
            } else if d.inputs.contains(t.text) {
                symbol = .input(t.text)
            } else if d.derived.contains(t.text) {
                symbol = .derived(t.text)
            } else if let e = d.enumDeclaring(t.text) {
                symbol = .member(enumName: e, t.text)
            } else if d.isEnum(t.text) {
                symbol = .enumType(t.text)
            } else {
                symbol = nil
            }
            if let symbol { out.append(Occurrence(symbol: symbol, span: t.span)) }
        }
        occurrences = out
    }

    /// The name at a byte offset (the cursor may stand just after it).
    func occurrence(at offset: Int) -> Occurrence? {
        occurrences.first { $0.span.start <= offset && offset < $0.span.end }
            ?? occurrences.first { $0.span.end == offset }
    }

    func spans(of symbol: Symbol) -> [Span] { occurrences.filter { $0.symbol == symbol }.map(\.span) }
}
