/// The syntax tree, as written: names are strings, nothing is resolved yet.

public struct Name: Sendable, Hashable {
    public var text: String
    public var span: Span
    public init(_ text: String, _ span: Span) { self.text = text; self.span = span }
}

public enum CompareOp: String, Sendable, Hashable, CaseIterable {
    case lt = "<", le = "<=", gt = ">", ge = ">=", eq = "==", ne = "!="
}

public enum ArithOp: String, Sendable, Hashable { case add = "+", sub = "-", mul = "*", div = "/" }

public struct Expr: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        /// A number as written, with its unit if any (`2 cm`).
        case number(Double, text: String, unit: Name?)
        case string(String)
        case bool(Bool)
        case name(String)
        /// `enum.member`
        case qualified(Name, Name)
        case setLiteral([Name])
        case negate(Expr)
        case arith(ArithOp, Expr, Expr)
        case and(Expr, Expr)
        case or(Expr, Expr)
        case not(Expr)
        /// `a < b <= c`: operands and the operators between them.
        case compare([Expr], [CompareOp])
        case membership(Expr, Expr, negated: Bool)
        case conditional(Expr, Expr, Expr)
        /// `name(a, b)`: a built-in function (`known`, `count`, `min`, `max`, `abs`); the
        /// checker resolves the name.
        case call(Name, [Expr])
        case paren(Expr)
        /// Where the parser could not read an expression; already reported.
        case error
    }
    public var kind: Kind { didSet { depth = Expr.depth(of: kind) } }
    public var span: Span
    /// Levels of operators in this tree: 1 for a leaf, one more per operator above it (a
    /// comparison chain counts one per operator, as it is checked as a chain of `and`s). The
    /// parser rejects expressions deeper than `Parser.maxExpressionDepth`, so passes that
    /// recurse over expressions stay within the stack.
    public private(set) var depth: Int
    public init(_ kind: Kind, _ span: Span) {
        self.kind = kind
        self.span = span
        self.depth = Expr.depth(of: kind)
    }

    static func depth(of kind: Kind) -> Int {
        switch kind {
        case .number, .string, .bool, .name, .qualified, .setLiteral, .error: return 1
        case .negate(let a), .not(let a), .paren(let a): return a.depth + 1
        case .arith(_, let a, let b), .and(let a, let b), .or(let a, let b), .membership(let a, let b, _):
            return max(a.depth, b.depth) + 1
        case .compare(let operands, let ops):
            return operands.reduce(0) { max($0, $1.depth) } + max(1, ops.count)
        case .conditional(let c, let a, let b): return max(c.depth, a.depth, b.depth) + 1
        case .call(_, let args): return args.reduce(0) { max($0, $1.depth) } + 1
        }
    }
}

public struct TypeRef: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `length`, `count`, `bool`, or an enum's name.
        case named(String)
        case setOf(Name)
        /// `localized | metastatic | recurrent` in an input's type.
        case inlineEnum([Name])
    }
    public var kind: Kind
    public var span: Span
}

public struct GuidelineHeader: Sendable, Hashable {
    public var name: String
    public var fields: [(key: Name, value: String, span: Span)]
    public var span: Span
    public static func == (a: Self, b: Self) -> Bool { a.name == b.name && a.span == b.span }
    public func hash(into h: inout Hasher) { h.combine(name); h.combine(span) }
    public func value(_ key: String) -> String? { fields.first { $0.key.text == key }?.value }
}

public struct EnumDecl: Sendable, Hashable {
    public var name: Name
    public var members: [Name]
    public var span: Span
}

public struct InputDecl: Sendable, Hashable {
    public var name: Name
    public var type: TypeRef
    public var unit: Name?
    public var defaultValue: Expr?
    public var range: Expr?
    public var doc: String?
    public var span: Span
    /// `input site: site fixed`: a fact of the case that no treatment changes; why-not never
    /// suggests moving it.
    public var fixed: Bool = false
}

public struct LetDecl: Sendable, Hashable {
    public var name: Name
    public var type: TypeRef?
    public var value: Expr
    public var doc: String?
    public var span: Span
}

public enum HitPolicy: String, Sendable, Hashable, CaseIterable { case unique, first, collect }

public struct Cell: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case any
        case compare(CompareOp, Expr)
        case interval(low: Expr, lowOpen: Bool, high: Expr, highOpen: Bool)
        case equals(Expr)
        case oneOf([Name], negated: Bool)
    }
    public var kind: Kind
    public var span: Span
}

public struct TableRow: Sendable, Hashable {
    public var cells: [Cell]
    public var output: Expr
    public var span: Span
}

public struct TableDecl: Sendable, Hashable {
    public var name: Name
    public var type: TypeRef
    public var policy: HitPolicy
    public var policySpan: Span
    public var columns: [Expr]
    public var rows: [TableRow]
    public var doc: String?
    public var span: Span
}

public enum Strength: String, Sendable, Hashable, CaseIterable, Codable {
    case recommend, option, consider, avoid
}

/// `evidence esmo [I, A]` on a recommendation: a grade in a declared scheme, one value per
/// dimension in the scheme's order.
public struct EvidenceClause: Sendable, Hashable {
    public var scheme: Name
    public var values: [Name]
    public var span: Span
}

/// `evidence esmo { level I | II | III  grade A | B | C }`: a grading scheme, its dimensions
/// in order, each with its values from strongest to weakest.
public struct EvidenceSchemeDecl: Sendable, Hashable {
    public struct Dimension: Sendable, Hashable {
        public var name: Name
        public var values: [Name]
    }
    public var name: Name
    public var dimensions: [Dimension]
    public var span: Span
}

public struct RecommendationDecl: Sendable, Hashable {
    public var code: Name
    public var strength: Strength
    public var text: String
    public var cite: String
    /// `evidence SCHEME [values]` clauses after the citation, in order.
    public var evidence: [EvidenceClause] = []
    public var source: String?
    public var doc: String?
    public var span: Span
    /// False when the declaration has no `cite "…"` (already reported by the parser; `cite` is
    /// then empty).
    public var hasCitation: Bool = true
}

public struct ExclusiveDecl: Sendable, Hashable {
    public var codes: [Name]
    public var span: Span
}

public struct WhenStmt: Sendable, Hashable {
    public var condition: Expr
    /// `because "…"` after the condition: why the branch is taken, for readers and explanations.
    public var because: String?
    public var body: [Stmt]
    public var span: Span
}

public struct FirstStmt: Sendable, Hashable {
    public var alternatives: [WhenStmt]
    public var otherwise: [Stmt]?
    public var otherwiseSpan: Span?
    public var otherwiseBecause: String?
    public var span: Span
}

public indirect enum Stmt: Sendable, Hashable {
    case when(WhenStmt)
    case first(FirstStmt)
    /// `recommend a, b because "…"`.
    case recommend([Name], Span, because: String?)
    /// `follow name`: the named sub-pathway's statements stand here.
    case follow(Name, Span)
}

/// `pathway { … }` (the guideline's pathway) or `pathway name { … }` (a sub-pathway, used by
/// `follow name`).
public struct PathwayDecl: Sendable, Hashable {
    public var name: Name?
    public var body: [Stmt]
    public var span: Span
}

/// `field: value` in a script's `case` or `what if`.
public struct FieldAssignment: Sendable, Hashable {
    public var name: Name
    public var value: Expr
}

public enum Expectation: Sendable, Hashable {
    case recommends([Name], exactly: Bool)
    case notRecommends([Name])
    case undetermined([Name])
    case holds(Expr)
}

public enum ScriptStmt: Sendable, Hashable {
    case use(String, Span)
    case caseDef(Name, [FieldAssignment], Span)
    case cases(String, Span)
    case expect(Name, Expectation, Span)
    case whatIf(Name, [FieldAssignment], Span)
    case printCase(Name, Span)
    case printValue(Expr, of: Name, Span)
    /// An expression on its own (REPL): evaluated without a case.
    case eval(Expr, Span)
}

public enum Item: Sendable, Hashable {
    case header(GuidelineHeader)
    case enumDecl(EnumDecl)
    case input(InputDecl)
    case letDecl(LetDecl)
    case table(TableDecl)
    case recommendation(RecommendationDecl)
    case evidenceScheme(EvidenceSchemeDecl)
    case exclusive(ExclusiveDecl)
    case pathway(PathwayDecl)
    case script(ScriptStmt)
}

extension ScriptStmt {
    public var span: Span {
        switch self {
        case .use(_, let sp), .caseDef(_, _, let sp), .cases(_, let sp), .expect(_, _, let sp),
             .whatIf(_, _, let sp), .printCase(_, let sp), .printValue(_, _, let sp), .eval(_, let sp):
            return sp
        }
    }
}

extension Item {
    /// Where the item stands in its file.
    public var span: Span {
        switch self {
        case .header(let h): return h.span
        case .enumDecl(let e): return e.span
        case .input(let i): return i.span
        case .letDecl(let l): return l.span
        case .table(let t): return t.span
        case .recommendation(let r): return r.span
        case .evidenceScheme(let e): return e.span
        case .exclusive(let x): return x.span
        case .pathway(let p): return p.span
        case .script(let s): return s.span
        }
    }
}

/// A parsed file: its items in order and its comments.
public struct SourceUnit: Sendable {
    public var file: SourceFile
    public var items: [Item]
    public var comments: [Comment]
    /// True when the parser stopped early (an expression nested or chained too deeply): the
    /// items after that point are missing, so checks for missing parts would mislead.
    public var stoppedEarly: Bool = false
    /// True when the lexer or the parser reported an error: it skipped tokens to recover, so
    /// which names the file uses is not known and unused declarations are not reported.
    public var hasSyntaxErrors: Bool = false
    /// Names of declarations whose name was read but whose rest was broken (and reported):
    /// their uses are not also reported as unknown names, codes or types.
    public var brokenNames: Set<String> = []
    public var isGuideline: Bool { items.contains { if case .header = $0 { true } else { false } } }
    /// A file of declarations only, for guidelines to `use`: no header, no pathway (named
    /// sub-pathways are declarations), no script statement but `use`, and some declaration.
    public var isModule: Bool {
        var declares = false
        for item in items {
            switch item {
            case .header: return false
            case .pathway(let p) where p.name == nil: return false
            case .script(.use): break
            case .script: return false
            default: declares = true
            }
        }
        return declares
    }
}
